"""Stage 5: impose pages onto print sheets (cards 2-up duplex, saddle-stitched booklets) and add marks."""  # noqa: E501

from .base import MM
from .booklet import booklet_print_files, printed_length
from .cards import alignment_sheet, impose_cards_duplex
from .marks import add_crop_marks
from .saddle import impose_saddle, saddle_order

__all__ = [
    "MM",
    "add_crop_marks",
    "alignment_sheet",
    "booklet_print_files",
    "impose_cards_duplex",
    "impose_saddle",
    "printed_length",
    "saddle_order",
]
