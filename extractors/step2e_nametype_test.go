package extractors

import (
	"context"
	"slices"
	"testing"

	"github.com/dealwire/dealwire/extractors/learn"
)

func TestNameTyperRecordsCandidates(t *testing.T) {
	d := docThrough(t, "Netflix signed a deal with Sony, chief executive Reed Hastings said.", "en", "name types")
	got := map[string]string{}
	for _, c := range d.nameCands {
		if len(c.Features) == 0 {
			t.Errorf("%s: no features", c.Text)
		}
		got[c.Text] = c.Rule
	}
	want := map[string]string{"Netflix": NameCompany, "Sony": NameCompany, "Reed Hastings": NamePerson}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: rule %q, want %q (all: %v)", k, got[k], v, got)
		}
	}
}

// TestNameTyperOverrides trains a model that calls one name "other" far
// beyond the margin and checks that the name is no longer a company,
// while a name the model has no opinion on keeps the rules' kind.
func TestNameTyperOverrides(t *testing.T) {
	const text = "Netflix signed a deal with Sony."
	d := docThrough(t, text, "en", "names again")
	var feats learn.Features
	for _, n := range d.names.order {
		if n.text == "Sony" {
			feats = nameFeatures(d.names, n)
		}
	}
	if feats == nil {
		t.Fatal("no name Sony")
	}
	var exs []learn.Example
	for range 20 {
		exs = append(exs, learn.Example{Features: learn.Features{learn.Hash("shape", "Xx"), learn.Hash("last", "sony")}, Class: 0})
		exs = append(exs, learn.Example{Features: learn.Features{learn.Hash("shape", "Xx"), learn.Hash("last", "netflix")}, Class: 1})
	}
	m := learn.Train(ModelNameKind, NameLabels, exs, 10, 1)
	if err := (nameTyper{model: m}).process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	kinds := nameKinds(d)
	if kinds["Sony"] == kindOrg {
		t.Errorf("Sony is still a company: %v", kinds)
	}
	if kinds["Netflix"] != kindOrg {
		t.Errorf("Netflix lost its kind: %v", kinds)
	}
	if !slices.Contains(feats, learn.Hash("last", "sony")) {
		t.Error("the features miss the name's last word")
	}
}

func TestNameShape(t *testing.T) {
	for in, want := range map[string]string{"Netflix": "Xx", "HBO": "X", "Canal+": "Xx+", "TF1": "Xd", "eBay": "xXx"} {
		if got := nameShape(in); got != want {
			t.Errorf("nameShape(%q) = %q, want %q", in, got, want)
		}
	}
}

func BenchmarkNameTyper(b *testing.B) {
	m, err := embeddedModels()
	if err != nil {
		b.Fatal(err)
	}
	benchComponent(b, nameTyper{model: m.Name})
}
