package extractors

import (
	"math/rand"
	"strings"
	"testing"
)

// TestAhoCorasick checks the automaton against strings.Contains.
func TestAhoCorasick(t *testing.T) {
	words := []string{"he", "she", "his", "hers", "acquir", "rachat", "rach", "a", "é", "ét", "deal", "ideal"}
	a := newAC(words)
	rng := rand.New(rand.NewSource(1))
	alphabet := []string{"h", "e", "s", "i", "r", "a", "c", "q", "u", "t", "é", " ", "d", "l", "x"}
	for n := 0; n < 2000; n++ {
		var b strings.Builder
		for i := rng.Intn(30); i > 0; i-- {
			b.WriteString(alphabet[rng.Intn(len(alphabet))])
		}
		text := b.String()
		hits := a.scan(text)
		for id, w := range words {
			if hits[id] != strings.Contains(text, w) {
				t.Fatalf("scan(%q): needle %q found=%v; want %v", text, w, hits[id], !hits[id])
			}
		}
	}
}

// TestPatternNeedles checks that the needle test never rules out a text
// the expression matches.
func TestPatternNeedles(t *testing.T) {
	tests := []struct {
		expr  string
		texts []string
	}{
		{`(?i)\b(?:acquir(?:e|ed)|buys?|rachète)\b`, []string{"Netflix ACQUIRED it", "Il Rachète", "she buys", "rachète"}},
		{`\b(\d{4})-(\d{2})\b`, []string{"on 2013-10 then"}},
		{`(?i)(?:minority )?stake in`, []string{"a Stake In Fox", "MINORITY STAKE IN"}},
	}
	for _, tt := range tests {
		p := compile(tt.expr)
		for _, text := range tt.texts {
			if !p.Regexp.MatchString(text) {
				t.Fatalf("%q does not match %q: bad test", tt.expr, text)
			}
			if !p.MatchString(text) || !p.mayMatchHits(text, scanNeedles(strings.ToLower(text))) {
				t.Errorf("%q: the needle test rules out %q, which matches", tt.expr, text)
			}
		}
		if p.needles == nil && !p.digit {
			t.Errorf("%q: no needles", tt.expr)
		}
	}
}
