"""``python build.py serve``: a live preview of every output in the browser.

``session`` keeps the outputs up to date in warm worker processes (``work``); ``server``
shows them on a local web page that updates itself.
"""
