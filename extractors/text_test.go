package extractors

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Sony signed. Netflix paid.", []string{"Sony signed.", "Netflix paid."}},
		{"The creators, Todd A. Kessler and Glenn Kessler, said it.", []string{"The creators, Todd A. Kessler and Glenn Kessler, said it."}},
		{"It is in the U.S. and Canada. Then more.", []string{"It is in the U.S. and Canada.", "Then more."}},
		{"Tempo Enterprises Inc. The company said.", []string{"Tempo Enterprises Inc.", "The company said."}},
		{"Shares of Acme Inc. rose.", []string{"Shares of Acme Inc. rose."}},
		{"dans un communiqué commun.Cette offre suit.", []string{"dans un communiqué commun.", "Cette offre suit."}},
		{"Visit Amazon.com today. Really.", []string{"Visit Amazon.com today.", "Really."}},
		{"He said: “It works.” Then he left.", []string{"He said: “It works.”", "Then he left."}},
		{"M. Dupont est arrivé. Il parle.", []string{"M. Dupont est arrivé.", "Il parle."}},
		{"Prices rose 2.5 percent. Good?", []string{"Prices rose 2.5 percent.", "Good?"}},
	}
	for _, tt := range tests {
		var got []string
		for _, s := range splitSentences(tt.in) {
			got = append(got, tt.in[s.start:s.end])
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("splitSentences(%q) =\n  %q\nwant\n  %q", tt.in, got, tt.want)
		}
	}
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Netflix’s deal", []string{"Netflix", "’s", "deal"}},
		{"l'entreprise d’Hollywood", []string{"l'", "entreprise", "d’", "Hollywood"}},
		{"R.R. Donnelley and AT&T", []string{"R.R.", "Donnelley", "and", "AT&T"}},
		{"Canal+ et Disney+.", []string{"Canal+", "et", "Disney+", "."}},
		{"Tele-Communications Inc", []string{"Tele-Communications", "Inc"}},
		{"29,81 millions", []string{"29,81", "millions"}},
		{"isn’t it", []string{"isn’t", "it"}},
		// Two known companies joined as a pair are read apart; a known
		// hyphenated name stays whole.
		{"the TF1-M6 merger", []string{"the", "TF1", "-", "M6", "merger"}},
		{"Metro-Goldwyn-Mayer", []string{"Metro-Goldwyn-Mayer"}},
		{"Seattle-based", []string{"Seattle", "-", "based"}},
	}
	for _, tt := range tests {
		var got []string
		for _, tok := range tokenize(tt.in, 0, len(tt.in)) {
			got = append(got, tok.text)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("tokenize(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Télévisions", "televisions"},
		{"Lagardère", "lagardere"},
		{"NETFLIX", "netflix"},
		{"d’Hollywood", "d'hollywood"},
		{"Œuvre", "oeuvre"},
		{"plain", "plain"},
	}
	for _, tt := range tests {
		if got := fold(tt.in); got != tt.want {
			t.Errorf("fold(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestCapSentences(t *testing.T) {
	long := strings.Repeat("Netflix signed a deal with Sony and ", 400)
	ss := splitSentences(long)
	if len(ss) < 2 {
		t.Fatalf("a %d-byte sentence was not cut: %v", len(long), ss)
	}
	for _, s := range ss {
		if s.end-s.start > maxSentence {
			t.Errorf("sentence of %d bytes; want at most %d", s.end-s.start, maxSentence)
		}
		if !utf8.ValidString(long[s.start:s.end]) || strings.HasPrefix(long[s.start:s.end], " ") {
			t.Errorf("bad cut: %q...", long[s.start:min(s.end, s.start+20)])
		}
	}
	if got := splitSentences("Short one. Another one."); len(got) != 2 {
		t.Errorf("short sentences: %v", got)
	}
}
