package kb

import (
	"io"
	"strings"
	"testing"
)

func parse(t *testing.T, files map[string]string) (*KB, error) {
	t.Helper()
	rs := make(map[string]io.Reader, len(files))
	for name, s := range files {
		rs[name] = strings.NewReader(s)
	}
	return Parse(rs)
}

const small = `# test data
acme	Acme Corporation	conglomerate	US	-	Acme|Acme Corp	-
acme-films	Acme Films	studio	US	acme	-	-
acme-plus	Acme+	streaming	US	acme-films	Acme Plus	-
rival	Rival	studio	FR	-	Rivale	amb
`

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, data, want string
	}{
		{"kind", "x	X	planet	US	-	-	-\n", "f.tsv:1: unknown kind"},
		{"country", "# c\n\nx	X	studio	XX	-	-	-\n", "f.tsv:3: unknown country"},
		{"columns", "x	X	studio	US	-	-\n", "f.tsv:1: 6 columns"},
		{"id", "X Y	X	studio	US	-	-	-\n", "f.tsv:1: bad id"},
		{"flag", "x	X	studio	US	-	-	old\n", "f.tsv:1: unknown flag"},
		{"untrimmed", "x	X	studio	US	-	 Y	-\n", "f.tsv:1: alias: untrimmed"},
		{"empty alias", "x	X	studio	US	-	Y||Z	-\n", "f.tsv:1: alias: empty"},
		{"duplicate id", "x	X	studio	US	-	-	-\nx	Y	studio	US	-	-	-\n", "f.tsv:2: duplicate id"},
		{"unknown parent", "x	X	studio	US	y	-	-\n", "f.tsv:1: x: unknown parent"},
		{"cycle", "x	X	studio	US	y	-	-\ny	Y	studio	US	x	-	-\n", "f.tsv:1: x: parent cycle"},
		{"shared alias", "x	X	studio	US	-	Zed	-\ny	Y	studio	US	-	Zed	amb\n", "f.tsv:2: y: name \"zed\" already names x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parse(t, map[string]string{"f.tsv": tt.data})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestParseSharedAmbiguousAlias(t *testing.T) {
	k, err := parse(t, map[string]string{"f.tsv": "x	X	studio	US	-	Zed	amb\ny	Y	studio	US	-	Zed	amb\n"})
	if err != nil {
		t.Fatal(err)
	}
	if e, ok := k.Lookup("zed"); !ok || e.ID != "x" {
		t.Errorf("Lookup(zed) = %v, %v; want x, first loaded", e, ok)
	}
}

func TestLookupSmall(t *testing.T) {
	k, err := parse(t, map[string]string{"a.tsv": small})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ in, want string }{
		{"Acme", "acme"},
		{"ACME Corp.", "acme"},
		{"The Acme Company", "acme"},
		{"acme films", "acme-films"},
		{"Acme+", "acme-plus"},
		{"Acme Plus", "acme-plus"},
		{"Rivale S.A.", "rival"},
		{"Acme Films Inc", "acme-films"},
		{"Nobody", ""},
		{"", ""},
	}
	for _, tt := range tests {
		e, ok := k.Lookup(tt.in)
		got := ""
		if ok {
			got = e.ID
		}
		if got != tt.want {
			t.Errorf("Lookup(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	plus, _ := k.Get("acme-plus")
	if r := k.Root(plus); r.ID != "acme" {
		t.Errorf("Root(acme-plus) = %s, want acme", r.ID)
	}
	rival, _ := k.Get("rival")
	if !rival.Ambiguous || rival.Defunct {
		t.Errorf("rival flags = amb %v defunct %v", rival.Ambiguous, rival.Defunct)
	}
	if k.Related(plus, rival) || !k.Related(plus, plus) || k.Related(plus, nil) {
		t.Error("Related wrong")
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"The Walt Disney Co.", "walt disney"},
		{"Groupe Canal+", "canal plus"},
		{"AT&T Inc.", "at and t"},
		{"Lagardère SCA", "lagardere sca"},
		{"L’Équipe", "equipe"},
		{"Société Générale S.A.", "societe generale"},
		{"Les Échos", "echos"},
		{"R.R. Donnelley & Sons", "rr donnelley"},
		{"Ørsted A/S", "orsted a/s"},
		{"Group", "group"},
		{"  ", ""},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestEmbedded(t *testing.T) {
	k, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if Default().Len() != k.Len() {
		t.Errorf("Default().Len() = %d, want %d", Default().Len(), k.Len())
	}
	// About 1,400 entities outside Europe and 1,500 in it.
	if floor := 2900; k.Len() < floor {
		t.Errorf("Len() = %d, want at least %d", k.Len(), floor)
	}
	tests := []struct{ in, want string }{
		{"The Walt Disney Co.", "disney"},
		{"Walt Disney Company", "disney"},
		{"Disney+", "disney-plus"},
		{"NBCUniversal Media LLC", "nbcuniversal"},
		{"AT&T Inc.", "at-and-t"},
		{"Warner Bros. Discovery", "warner-bros-discovery"},
		{"Vivendi SE", "vivendi"},
		{"Lagardère", "lagardere"},
		{"Alphabet Inc.", "alphabet"},
		{"Netflix, Inc.", "netflix"},
	}
	for _, tt := range tests {
		e, ok := k.Lookup(tt.in)
		if !ok || e.ID != tt.want {
			t.Errorf("Lookup(%q) = %v, %v; want %s", tt.in, e, ok, tt.want)
		}
	}
	related := []struct {
		a, b string
		want bool
	}{
		{"disney-plus", "disney", true},
		{"hulu", "espn", true},
		{"hbo", "cnn", true},
		{"hbo", "disney-plus", false},
		{"youtube", "google", true},
	}
	for _, tt := range related {
		a, oka := k.Get(tt.a)
		b, okb := k.Get(tt.b)
		if !oka || !okb {
			t.Errorf("missing %s or %s", tt.a, tt.b)
			continue
		}
		if got := k.Related(a, b); got != tt.want {
			t.Errorf("Related(%s, %s) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
	if e, _ := k.Get("disney-plus"); e == nil || k.Root(e).ID != "disney" {
		t.Errorf("Root(disney-plus) is not disney")
	}
}

// TestEmbeddedRequired checks the ids other data files rely on as parents.
func TestEmbeddedRequired(t *testing.T) {
	k := Default()
	for _, id := range strings.Fields(`disney comcast nbcuniversal sky-group
		warner-bros-discovery paramount-global sony sony-pictures sony-music
		universal-music-group warner-music-group bertelsmann vivendi alphabet
		google youtube apple amazon meta microsoft netflix spotify tencent
		liberty-global liberty-media fox-corporation news-corp at-and-t verizon
		discovery viacom cbs time-warner lagardere altice kkr blackstone`) {
		if _, ok := k.Get(id); !ok {
			t.Errorf("missing %s", id)
		}
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLookup(b *testing.B) {
	k := Default()
	names := []string{"The Walt Disney Co.", "Canal+", "Sony Pictures Entertainment Inc", "nobody at all"}
	for b.Loop() {
		for _, n := range names {
			k.Lookup(n)
		}
	}
}
