from django.test import SimpleTestCase

from tongxin.cases import creditcode
from tongxin.cases.creditcode import (
    ALPHABET,
    CreditCodeError,
    check_character,
    is_valid,
    normalize,
    validate,
)
from tongxin.cases.tests.base import make_code


def with_check(first17: str) -> str:
    return first17 + check_character(first17)


class CheckCharacterTests(SimpleTestCase):
    def test_it_computes_the_check_character_by_hand(self):
        # Σ value × weight = 9·1 + 1·3 + 5·9 + 1·27 + 6·26 = 240 (the rest are zero);
        # 240 mod 31 = 23; 31 − 23 = 8.
        self.assertEqual(check_character("91510600000000000"), "8")

    def test_a_remainder_of_zero_gives_check_zero(self):
        # All zeros: Σ = 0, 31 − 0 = 31, which is written as 0.
        self.assertEqual(check_character("0" * 17), "0")

    def test_letters_take_their_alphabet_values(self):
        # A = 10 at position 1 (weight 1): Σ = 10, 31 − 10 = 21 → "M".
        self.assertEqual(ALPHABET.index("M"), 21)
        self.assertEqual(check_character("A" + "0" * 16), "M")

    def test_every_check_value_can_occur(self):
        seen = {check_character(f"{n:017d}") for n in range(0, 2000)}
        self.assertEqual(seen, set(ALPHABET))

    def test_it_needs_seventeen_characters(self):
        with self.assertRaises(ValueError):
            check_character("123")


class ValidateTests(SimpleTestCase):
    def test_codes_with_their_check_character_are_valid(self):
        for first17 in ("91510600000000000", "9251068112345678X", "A1510600MA6ABCDEF", "Y" * 17):
            code = with_check(first17)
            with self.subTest(code):
                self.assertEqual(validate(code), code)
                self.assertTrue(is_valid(code))

    def test_the_test_helper_makes_valid_codes(self):
        for serial in range(50):
            self.assertTrue(is_valid(make_code(serial)))

    def test_it_normalizes_spaces_and_lower_case(self):
        code = with_check("91510600MA6ABCDEF")
        typed = f" {code[:6].lower()} {code[6:].lower()} "
        self.assertEqual(normalize(typed), code)
        self.assertEqual(validate(typed), code)

    def test_a_wrong_length_says_how_long_it_is(self):
        for code, length in (("", 0), ("9151060000000000", 16), ("9" * 19, 19)):
            with self.subTest(code), self.assertRaises(CreditCodeError) as ctx:
                validate(code)
            self.assertEqual(str(ctx.exception), creditcode.WRONG_LENGTH.format(length=length))

    def test_an_illegal_character_is_named_with_its_position(self):
        good = with_check("91510600MA6ABCDEF")
        for letter in "IOZSV":
            bad = good[:9] + letter + good[10:]
            with self.subTest(letter), self.assertRaises(CreditCodeError) as ctx:
                validate(bad)
            self.assertEqual(
                str(ctx.exception),
                creditcode.ILLEGAL_CHARACTER.format(position=10, char=letter),
            )
            self.assertIn("第10位", str(ctx.exception))

    def test_punctuation_is_an_illegal_character(self):
        with self.assertRaises(CreditCodeError) as ctx:
            validate("91510600-000000000")
        self.assertIn("第9位", str(ctx.exception))
        # Eighteen characters; the dash is what is wrong.
        self.assertIn("“-”", str(ctx.exception))

    def test_a_wrong_check_character_names_the_expected_one(self):
        good = with_check("91510600000000000")
        self.assertEqual(good[-1], "8")
        bad = good[:-1] + "7"
        with self.assertRaises(CreditCodeError) as ctx:
            validate(bad)
        self.assertEqual(
            str(ctx.exception), creditcode.WRONG_CHECK.format(expected="8", actual="7")
        )
        self.assertFalse(is_valid(bad))

    def test_an_illegal_check_character_is_reported_as_illegal(self):
        bad = "91510600000000000" + "Z"
        with self.assertRaises(CreditCodeError) as ctx:
            validate(bad)
        self.assertIn("第18位", str(ctx.exception))

    def test_a_single_changed_character_is_always_caught(self):
        good = with_check("91510600MA6ABCDEF")
        for position in range(17):
            for char in ALPHABET:
                if char == good[position]:
                    continue
                changed = good[:position] + char + good[position + 1 :]
                self.assertFalse(is_valid(changed), changed)

    def test_two_swapped_neighbours_are_caught(self):
        good = with_check("91510600MA6ABCDEF")
        for position in range(16):
            a, b = good[position], good[position + 1]
            if a == b:
                continue
            swapped = good[:position] + b + a + good[position + 2 :]
            self.assertFalse(is_valid(swapped), swapped)
