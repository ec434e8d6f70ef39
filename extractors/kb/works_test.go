package kb

import (
	"io"
	"strings"
	"testing"
)

func parseWorks(t *testing.T, files map[string]string, companies *KB) (*Works, error) {
	t.Helper()
	rs := make(map[string]io.Reader, len(files))
	for name, s := range files {
		rs[name] = strings.NewReader(s)
	}
	return ParseWorks(rs, companies)
}

const smallWorks = `# test works
Game of Thrones	series	2011	acme	GoT|Le Trône de fer	-
Friends	series	1994	-	-	amb
Friends	film	2030	-	-	amb

The Office	series	2005	-	-	-
`

func TestParseWorksErrors(t *testing.T) {
	companies, err := parse(t, map[string]string{"c.tsv": small})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, data, want string
	}{
		{"kind", "X	opera	2000	-	-	-\n", "w.tsv:1: unknown kind"},
		{"year text", "# c\n\nX	film	20x0	-	-	-\n", "w.tsv:3: bad year"},
		{"year low", "X	film	1899	-	-	-\n", "w.tsv:1: bad year"},
		{"year high", "X	film	2031	-	-	-\n", "w.tsv:1: bad year"},
		{"year short", "X	film	99	-	-	-\n", "w.tsv:1: bad year"},
		{"columns", "X	film	2000	-	-\n", "w.tsv:1: 5 columns, want 6"},
		{"too many columns", "X	film	2000	-	-	-	-\n", "w.tsv:1: 7 columns, want 6"},
		{"owner", "X	film	2000	nobody	-	-\n", "w.tsv:1: unknown owner"},
		{"flag", "X	film	2000	-	-	old\n", "w.tsv:1: unknown flag"},
		{"untrimmed", "X 	film	2000	-	-	-\n", "w.tsv:1: untrimmed title"},
		{"empty alias", "X	film	2000	-	Y||Z	-\n", "w.tsv:1: alias: empty title"},
		{"empty title", "	film	2000	-	-	-\n", "w.tsv:1: empty title"},
		{"punctuation title", "?!	film	2000	-	-	-\n", "w.tsv:1: empty title"},
		{"duplicate", "X	film	2000	-	-	amb\nX	film	2001	-	-	amb\n", "w.tsv:2: duplicate film \"X\" (first at w.tsv:1)"},
		{"shared alias", "X	film	2000	-	Zed	-\nY	series	2001	-	The Zed	amb\n", "w.tsv:2: \"Y\": title \"zed\" already names \"X\" (w.tsv:1)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseWorks(t, map[string]string{"w.tsv": tt.data}, companies)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestParseWorks(t *testing.T) {
	companies, err := parse(t, map[string]string{"c.tsv": small})
	if err != nil {
		t.Fatal(err)
	}
	w, err := parseWorks(t, map[string]string{"b.tsv": smallWorks, "a.tsv": "Zed\tbook\t-\t-\t-\t-\n"}, companies)
	if err != nil {
		t.Fatal(err)
	}
	if w.Len() != 5 {
		t.Errorf("Len = %d, want 5", w.Len())
	}
	all := w.All()
	if all[0].Title != "Zed" || all[0].Year != 0 || all[1].Title != "Game of Thrones" {
		t.Errorf("All not in file order: %v, %v", all[0], all[1])
	}
	got := all[1]
	if got.Kind != "series" || got.Year != 2011 || got.Owner != "acme" || len(got.Aliases) != 2 || got.Ambiguous {
		t.Errorf("Game of Thrones = %+v", got)
	}
	if !all[2].Ambiguous {
		t.Errorf("Friends not ambiguous")
	}
	tests := []struct{ in, want, kind string }{
		{"game of thrones", "Game of Thrones", "series"},
		{"GAME OF THRONES", "Game of Thrones", "series"},
		{"Le Trône de Fer", "Game of Thrones", "series"},
		{"le trone de fer", "Game of Thrones", "series"},
		{"Trône de fer", "Game of Thrones", "series"},
		{"GoT", "Game of Thrones", "series"},
		{"Office", "The Office", "series"},
		{"« The Office »", "The Office", "series"},
		{"friends", "Friends", "series"}, // first loaded of two ambiguous works
	}
	for _, tt := range tests {
		got, ok := w.Lookup(tt.in)
		if !ok || got.Title != tt.want || got.Kind != tt.kind {
			t.Errorf("Lookup(%q) = %+v, %v; want %s (%s)", tt.in, got, ok, tt.want, tt.kind)
		}
	}
	for _, in := range []string{"Thrones", "", "Office Space"} {
		if got, ok := w.Lookup(in); ok {
			t.Errorf("Lookup(%q) = %+v, want none", in, got)
		}
	}
	// Without companies, owners are not checked.
	if _, err := parseWorks(t, map[string]string{"w.tsv": "X\tfilm\t2000\tnobody\t-\t-\n"}, nil); err != nil {
		t.Errorf("nil companies: %v", err)
	}
}

func TestFoldTitle(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Game of Thrones", "game of thrones"},
		{"Le Trône de fer", "trone de fer"},
		{"L'Amour est dans le pré", "amour est dans le pre"},
		{"Les Soprano", "soprano"},
		{"La Casa de Papel", "casa de papel"},
		{"Schindler's List", "schindlers list"},
		{"Schindler’s List", "schindlers list"},
		{"Star Wars: A New Hope", "star wars a new hope"},
		{"Law & Order: SVU", "law and order svu"},
		{"Qui veut gagner des millions ?", "qui veut gagner des millions"},
		{"The Company", "company"},      // no corporate suffix stripping...
		{"Mad Men Inc.", "mad men inc"}, // ...anywhere
		{"Spider-Man", "spider man"},    // hyphens are spaces
		{"The", "the"},                  // a lone article stays
		{"Œdipe", "oedipe"},             // ligatures spelled out
		{"  Dix   pour cent  ", "dix pour cent"},
	}
	for _, tt := range tests {
		if got := FoldTitle(tt.in); got != tt.want {
			t.Errorf("FoldTitle(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestEmbeddedWorks guards the embedded data: it parses (kinds, years,
// owners, titles, shared aliases all checked by ParseWorks) and is large.
func TestEmbeddedWorks(t *testing.T) {
	w, err := LoadWorks()
	if err != nil {
		t.Fatal(err)
	}
	if w.Len() < 2000 {
		t.Errorf("Len = %d, want >= 2000", w.Len())
	}
	if DefaultWorks().Len() != w.Len() {
		t.Errorf("DefaultWorks().Len() = %d, want %d", DefaultWorks().Len(), w.Len())
	}
	companies := Default()
	for _, wk := range w.All() {
		if !workKinds[wk.Kind] {
			t.Errorf("%s: kind %q", wk.Title, wk.Kind)
		}
		if wk.Year != 0 && (wk.Year < 1900 || wk.Year > 2030) {
			t.Errorf("%s: year %d", wk.Title, wk.Year)
		}
		if wk.Owner != "" {
			if _, ok := companies.Get(wk.Owner); !ok {
				t.Errorf("%s: unknown owner %q", wk.Title, wk.Owner)
			}
		}
		for _, s := range append([]string{wk.Title}, wk.Aliases...) {
			if s == "" || strings.TrimSpace(s) != s {
				t.Errorf("%s: bad title or alias %q", wk.Title, s)
			}
			got, ok := w.Lookup(s)
			if !ok {
				t.Errorf("Lookup(%q) failed", s)
			} else if got != wk && !(got.Ambiguous && wk.Ambiguous) {
				t.Errorf("Lookup(%q) = %s, want %s", s, got.Title, wk.Title)
			}
		}
	}
	tests := []struct{ in, want, kind string }{
		{"game of thrones", "Game of Thrones", "series"},
		{"Le Trône de Fer", "Game of Thrones", "series"},
		{"les soprano", "The Sopranos", "series"},
		{"La Casa de Papel", "Money Heist", "series"},
		{"Le Bureau des Légendes", "Le Bureau des légendes", "series"},
		{"GTA", "Grand Theft Auto", "franchise"},
		{"koh lanta", "Koh-Lanta", "show"},
		{"Qui veut gagner des millions ?", "Who Wants to Be a Millionaire?", "show"},
	}
	for _, tt := range tests {
		got, ok := w.Lookup(tt.in)
		if !ok || got.Title != tt.want || got.Kind != tt.kind {
			t.Errorf("Lookup(%q) = %+v, %v; want %s (%s)", tt.in, got, ok, tt.want, tt.kind)
		}
	}
}

func BenchmarkLoadWorks(b *testing.B) {
	Default() // the company knowledge base is loaded once, as in use
	for b.Loop() {
		if _, err := LoadWorks(); err != nil {
			b.Fatal(err)
		}
	}
}
