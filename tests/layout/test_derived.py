from inspiratiekaart.layout.derived import forget_layouts, from_layouts


def test_what_is_derived_from_the_layouts_is_kept_until_they_are_forgotten():
    calls: list[int] = []

    @from_layouts
    def doubled(value: int) -> int:
        calls.append(value)
        return 2 * value

    assert doubled(3) == doubled(3) == 6
    assert calls == [3]
    forget_layouts()
    assert doubled(3) == 6
    assert calls == [3, 3]
