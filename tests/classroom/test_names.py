"""Hub user names: one spelling per person, safe in a URL and a folder name."""

from hypothesis import given
from hypothesis import strategies as st

from toolkit.classroom.accounts import account_name
from toolkit.classroom.names import hub_name, is_valid_hub_name


def test_spacing_and_case_variants_are_one_user():
    assert hub_name("Dana Lee") == hub_name("  dana   LEE ") == hub_name("DANA-LEE") == "dana-lee"


def test_full_width_letters_fold_to_the_same_user():
    assert hub_name("Ｄａｎａ Ｌｅｅ") == "dana-lee"  # NFKC, as submissions' learner keys


def test_nothing_usable_is_an_invalid_name():
    assert hub_name("  ..  ") == "" and not is_valid_hub_name("")
    assert not is_valid_hub_name("x" * 41)
    assert not is_valid_hub_name("Dana Lee")  # not folded yet


@given(st.text(max_size=60))
def test_a_hub_name_is_stable_and_url_and_folder_safe(typed):
    name = hub_name(typed)
    assert hub_name(name) == name
    assert "/" not in name and " " not in name and "\\" not in name and ".." not in name
    assert not name.startswith(("-", "_", "."))


@given(st.text(min_size=1, max_size=40), st.text(min_size=1, max_size=40))
def test_two_hub_names_never_share_a_machine_account(a, b):
    if a != b:
        assert account_name("0badcafe", a) != account_name("0badcafe", b)
    assert len(account_name("0badcafe", a)) <= 32
    assert account_name("0badcafe", a).startswith("cpt0badcafe-")


def test_one_name_on_two_hubs_is_two_accounts():
    assert account_name("0badcafe", "dana") != account_name("12345678", "dana")
