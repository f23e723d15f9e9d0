package human

import "testing"

func TestPercentAndPlural(t *testing.T) {
	if Percent(1, 4) != 25 || Percent(3, 0) != 0 {
		t.Errorf("Percent: %g %g", Percent(1, 4), Percent(3, 0))
	}
	if Plural(1, "group", "groups") != "1 group" || Plural(0, "group", "groups") != "0 groups" {
		t.Errorf("Plural: %q %q", Plural(1, "group", "groups"), Plural(0, "group", "groups"))
	}
}
