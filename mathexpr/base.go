package mathexpr

import (
	"strconv"
	"strings"
)

// parseBaseNumeral reads a numeral written in a base, 52_8 or 4210_{5}, after its digits t.
// It is a KText named by its digits and base ("52_8"), so it equals the same numeral written
// either way (leading zeros aside) and nothing else: 53_8, the decimal 42 and 52 are all
// different answers, and a question that asks for base 8 wants base 8. A digit that the base
// does not have (59_8) is a syntax error.
func (p *parser) parseBaseNumeral(t token) *Expr {
	sub := p.parseSubscript()
	base, err := strconv.Atoi(sub)
	if err != nil || base < 2 || base > 36 {
		p.fail("bad base %q", sub)
	}
	if strings.ContainsAny(t.s, ".eE") {
		p.fail("numeral %q in base %d is not a whole number", t.s, base)
	}
	for _, c := range t.s {
		if int(c-'0') >= base {
			p.fail("%q is not a base-%d numeral", t.s, base)
		}
	}
	digits := strings.TrimLeft(t.s, "0")
	if digits == "" {
		digits = "0"
	}
	return p.mk(&Expr{Kind: KText, Name: digits + "_" + strconv.Itoa(base)})
}
