package extractors

import "testing"

func TestDealIDByGroup(t *testing.T) {
	for _, c := range []struct {
		a, b []string
		same bool
	}{
		{[]string{"Netflix", "Sony Pictures Television"}, []string{"Sony", "Netflix"}, true},
		{[]string{"Disney+", "Roku"}, []string{"Disney", "Roku"}, true},
		{[]string{"Disney", "Hulu"}, []string{"Disney"}, false},
		{[]string{"Disney", "ABC"}, []string{"Disney"}, false},
		{[]string{"Netflix", "Sony"}, []string{"Netflix", "Paramount"}, false},
		{[]string{"Acme Widgets", "Netflix"}, []string{"Netflix", "Acme Widgets Inc"}, true},
	} {
		if got := DealID(Acquisition, c.a, nil) == DealID(Acquisition, c.b, nil); got != c.same {
			t.Errorf("%q and %q: same id %v, want %v", c.a, c.b, got, c.same)
		}
	}
}
