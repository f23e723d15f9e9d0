package mathexpr

import "testing"

func TestTrigOfDegrees(t *testing.T) {
	runEq(t, []eqCase{
		{"sin 60", `\frac{\sqrt3}{2}`, `\sin 60^\circ`, true},
		{"sin 60 is not sin of 60 radians", `\sin 60`, `\sin 60^\circ`, false},
		{"sin 60 near miss", `\frac{1}{2}`, `\sin 60^\circ`, false},
		{"braced circ", `\frac{\sqrt2}{2}`, `\cos 45^{\circ}`, true},
		{"parenthesized", `\frac{1}{2}`, `\sin(30^\circ)`, true},
		{"left right", `1`, `\tan\left(45^\circ\right)`, true},
		{"unicode degree", `\frac{1}{2}`, `\cos 60°`, true},
		{"plain text", `\frac{1}{2}`, `sin(30°)`, true},
		{"negative angle", `-\frac{1}{2}`, `\sin(-30^\circ)`, true},
		{"squared", `\frac{3}{4}`, `\sin^2 60^\circ`, true},
		{"squared near miss", `\frac{\sqrt3}{2}`, `\sin^2 60^\circ`, false},
		{"decimal angle", `\frac{\sqrt{2-\sqrt2}}{2}`, `\sin 22.5^\circ`, true},
		{"in a sum", `1`, `\sin^2 30^\circ + \cos^2 30^\circ`, true},
		{"degrees on both sides", `\sin 60^\circ`, `\cos 30^\circ`, true},
		{"degrees on both sides near miss", `\sin 60^\circ`, `\cos 60^\circ`, false},
		{"bare angle stays", `30`, `30^\circ`, true},
		{"bare angle is not radians", `\frac{\pi}{6}`, `30^\circ`, false},
		{"inside a bigger argument untouched", `\sin(30 + x)`, `\sin(30^\circ + x)`, true},
	}, Options{})
}

func TestTrigDegreesRewrite(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`\sin 60^\circ`, `\sin(60\cdot\frac{\pi}{180})`},
		{`\arcsin 60^\circ`, `\arcsin 60^\circ`},
		{`f(\sin 30^\circ)`, `f(\sin(30\cdot\frac{\pi}{180}))`},
		{`30^\circ`, `30^\circ`},
		{`\sinh 30^\circ`, `\sinh 30^\circ`},
	} {
		if got := trigDegrees(c.in); got != c.want {
			t.Errorf("trigDegrees(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
