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

// TestNameTyperOverrides trains a model that calls two names "other" far
// beyond the margin: the one only the rules' evidence made a company is no
// longer one, while a company the knowledge base knows by an unambiguous
// name stays one.
func TestNameTyperOverrides(t *testing.T) {
	const text = "Zorblax Media signed a deal with Netflix."
	d := docThrough(t, text, "en", "names again")
	if kinds := nameKinds(d); kinds["Zorblax Media"] != kindOrg || kinds["Netflix"] != kindOrg {
		t.Fatalf("the rules' kinds: %v", kinds)
	}
	var feats learn.Features
	for _, n := range d.names.order {
		if n.text == "Zorblax Media" {
			feats = nameFeatures(d.names, n)
		}
	}
	var exs []learn.Example
	for range 20 {
		exs = append(exs, learn.Example{Features: learn.Features{learn.Hash("last", "media")}, Class: 0})
		exs = append(exs, learn.Example{Features: learn.Features{learn.Hash("last", "netflix")}, Class: 0})
		exs = append(exs, learn.Example{Features: learn.Features{learn.Hash("last", "sony")}, Class: 1})
	}
	m := learn.Train(ModelNameKind, NameLabels, exs, 10, 1)
	if err := (nameTyper{model: m}).process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	kinds := nameKinds(d)
	if kinds["Zorblax Media"] == kindOrg {
		t.Errorf("Zorblax Media is still a company: %v", kinds)
	}
	if kinds["Netflix"] != kindOrg {
		t.Errorf("Netflix, which the knowledge base knows, lost its kind: %v", kinds)
	}
	if !slices.Contains(feats, learn.Hash("last", "media")) {
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
