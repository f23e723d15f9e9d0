package mathexpr

import (
	"regexp"
	"strconv"
	"strings"
)

// A reference written as a numeral in a base (52_8, 4210_{5}, 1011_{(2)}, A3_{16}) asks for
// that numeral: the candidate must give the same digits, with the same base subscript or none.
// Its value in another base (42, or 42_{10}, for 52_8) is a different answer to "express in
// base 8", and a candidate that is not a numeral in that base is simply wrong, so such groups
// get their zeros instead of going unscored.

var baseNumeralRe = regexp.MustCompile(`^\(?([0-9A-Za-z]+)\)?_\{?\(?(\d{1,2})\)?\}?$`)

// baseNumeral reads s as digits in a base from 2 to 36. The digits must be valid in the base
// and hold a decimal digit (F_{20} is a Fibonacci number, not a numeral), except that
// upper-case hexadecimal letters alone count in base 16 (FF_{16}).
func baseNumeral(s string) (digits string, base int, ok bool) {
	s = strings.TrimSpace(unwrapText(strings.ReplaceAll(s, " ", "")))
	m := baseNumeralRe.FindStringSubmatch(s)
	if m == nil {
		return "", 0, false
	}
	base, _ = strconv.Atoi(m[2])
	if base < 2 || base > 36 || !validDigits(m[1], base) {
		return "", 0, false
	}
	if !strings.ContainsAny(m[1], "0123456789") && !(base == 16 && len(m[1]) >= 2 && m[1] == strings.ToUpper(m[1])) {
		return "", 0, false
	}
	return normDigits(m[1]), base, true
}

func validDigits(d string, base int) bool {
	for _, r := range strings.ToLower(d) {
		v := int(r - '0')
		if r >= 'a' {
			v = int(r-'a') + 10
		}
		if v < 0 || v >= base {
			return false
		}
	}
	return d != ""
}

// normDigits drops leading zeros and case: 052 and 52, a3 and A3 are one numeral.
func normDigits(d string) string {
	d = strings.TrimLeft(strings.ToUpper(d), "0")
	if d == "" {
		return "0"
	}
	return d
}

// baseEquivalent compares a candidate with a reference numeral in base.
func baseEquivalent(digits string, base int, cand string) Result {
	cd, cb, ok := baseNumeral(cand)
	if !ok {
		plain := strings.TrimSpace(unwrapText(strings.ReplaceAll(cand, " ", "")))
		if !validDigits(plain, base) {
			return Result{Reason: "not a base-" + strconv.Itoa(base) + " numeral"}
		}
		cd, cb = normDigits(plain), base
	}
	if cb != base {
		return Result{Reason: "different base"}
	}
	if cd != digits {
		return Result{Reason: "different digits"}
	}
	return Result{Equal: true, Reason: "numeral"}
}
