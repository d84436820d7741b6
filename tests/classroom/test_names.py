"""Hub user names: one spelling per person, safe in a URL and a folder name."""

import pytest
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


# The red team's look-alikes of an instructor's name, beyond Greek and Cyrillic (issue 20),
# then 20 pairs from Unicode's confusables data (UTS #39 confusables.txt: character -> the
# ASCII letter it is drawn like).
@pytest.mark.parametrize(
    "typed, name",
    [
        ("rtinateac\u0570", "rtinateach"),  # Armenian small ho
        ("\u0578ina Lee", "nina-lee"),  # Armenian small vo
        ("Ana Fie\ua4f2d", "ana-field"),  # Lisu letter i, drawn l
        ("Ana Fie\u01c0d", "ana-field"),  # Latin letter dental click, drawn l
        ("rtinat\u1d07ach", "rtinateach"),  # Latin letter small capital e
    ],
)
def test_look_alikes_beyond_greek_and_cyrillic_are_one_user(typed, name):
    assert hub_name(typed) == name


TR39 = {
    "\u0251": "a",  # LATIN SMALL LETTER ALPHA
    "\u0261": "g",  # LATIN SMALL LETTER SCRIPT G
    "\u0131": "i",  # LATIN SMALL LETTER DOTLESS I
    "\u03bf": "o",  # GREEK SMALL LETTER OMICRON
    "\u0585": "o",  # ARMENIAN SMALL LETTER OH
    "\u057d": "u",  # ARMENIAN SMALL LETTER SEH
    "\u13aa": "a",  # CHEROKEE LETTER GO (drawn A)
    "\u0440": "p",  # CYRILLIC SMALL LETTER ER
    "\u0441": "c",  # CYRILLIC SMALL LETTER ES
    "\u0443": "y",  # CYRILLIC SMALL LETTER U
    "\u0445": "x",  # CYRILLIC SMALL LETTER HA
    "\u217c": "l",  # SMALL ROMAN NUMERAL FIFTY
    "\u1d0f": "o",  # LATIN LETTER SMALL CAPITAL O
    "\ua731": "s",  # LATIN LETTER SMALL CAPITAL S
    "\u0269": "i",  # LATIN SMALL LETTER IOTA
    "\u0566": "q",  # ARMENIAN SMALL LETTER ZA
    "\u03f2": "c",  # GREEK LUNATE SIGMA SYMBOL
    "\u0501": "d",  # CYRILLIC SMALL LETTER KOMI DE
    "\u04bb": "h",  # CYRILLIC SMALL LETTER SHHA
    "\u0458": "j",  # CYRILLIC SMALL LETTER JE
}


@pytest.mark.parametrize("look_alike", sorted(TR39))
def test_tr39_look_alikes_fold_to_the_letter_they_are_drawn_like(look_alike):
    letter = TR39[look_alike]
    plain = f"ina {letter}{letter}teach"
    assert hub_name(plain.replace(letter, look_alike, 1)) == hub_name(plain)


def test_names_in_other_scripts_stay_names():
    assert hub_name("李雷") == "李雷" and hub_name("José Müller") == "josé-müller"
