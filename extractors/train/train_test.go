package train

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/dealwire/dealwire/extractors"
	"github.com/dealwire/dealwire/extractors/score"
)

const corpusDir = "../../../shared/corpus/train"

// slice reads the first n annotated articles of the train split.
func slice(t *testing.T, n int) []Example {
	t.Helper()
	golds, _ := filepath.Glob(filepath.Join(corpusDir, "gold", "*.json"))
	if len(golds) == 0 {
		t.Skipf("no annotated corpus at %s: the project ships no article text, the corpus lives beside it", corpusDir)
	}
	var exs []Example
	for _, gp := range golds[:min(n, len(golds))] {
		g, err := score.ReadGold(gp)
		if err != nil {
			t.Fatal(err)
		}
		page := filepath.Join(corpusDir, "articles", score.Stem(gp)+".html")
		body, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		exs = append(exs, Example{Name: score.Stem(gp), Page: extractors.Page{Source: page, Body: body}, Gold: g})
	}
	return exs
}

func TestTrainIsDeterministic(t *testing.T) {
	exs := slice(t, 40)
	encode := func() []byte {
		m, err := Train(context.Background(), exs, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		for _, w := range []func() error{
			func() error { return m.Keep.Write(&b) },
			func() error { return m.Type.Write(&b) },
			func() error { return m.Status.Write(&b) },
			func() error { return m.Name.Write(&b) },
		} {
			if err := w(); err != nil {
				t.Fatal(err)
			}
		}
		return b.Bytes()
	}
	if !bytes.Equal(encode(), encode()) {
		t.Fatal("two trainings on the same articles wrote different models")
	}
}

// TestTrainerLearns trains on a slice and checks that, on the same slice,
// the trained type decision does at least as well as the rules' and the
// keep decision learns to drop something: the trainer learns.
func TestTrainerLearns(t *testing.T) {
	exs := slice(t, 60)
	s, err := instances(context.Background(), exs)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.keep) == 0 || len(s.typ) == 0 {
		t.Fatalf("no instances from %d articles", len(exs))
	}
	m, err := Train(context.Background(), exs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var a Accuracy
	tally(&a, m.Type, s.typ)
	if a.Model < a.Rules {
		t.Errorf("type: trained %d of %d right, rules %d", a.Model, a.N, a.Rules)
	}
	var k Accuracy
	tally(&k, m.Keep, s.keep)
	if k.Model <= k.N/2 {
		t.Errorf("keep: trained %d of %d right", k.Model, k.N)
	}
	var n Accuracy
	tally(&n, m.Name, s.name)
	if n.N < 500 || n.Model <= n.Rules {
		t.Errorf("name: trained %d of %d right, rules %d", n.Model, n.N, n.Rules)
	}
}

func TestNameGoldLabel(t *testing.T) {
	g := &score.Gold{}
	g.Companies.Required = []score.Aliases{{"The Walt Disney Company", "Disney"}}
	g.Companies.Allowed = []score.Aliases{{"Reuters"}}
	g.People.Required = []score.Aliases{{"Bob Iger"}}
	tests := []struct {
		text, want string
		ok         bool
	}{
		{"Disney", extractors.NameCompany, true},
		{"Walt Disney Co", extractors.NameCompany, true}, // a corporate suffix folds away
		{"Bob Iger", extractors.NamePerson, true},
		{"Reuters", "", false},        // allowed: teaches nothing
		{"Disney Channel", "", false}, // overlaps a gold name
		{"Hollywood", extractors.NameOther, true},
	}
	for _, tt := range tests {
		got, ok := nameGoldLabel(tt.text, g)
		if got != tt.want || ok != tt.ok {
			t.Errorf("%q: %q %v, want %q %v", tt.text, got, ok, tt.want, tt.ok)
		}
	}
}

func TestCrossValidateRejectsBadFolds(t *testing.T) {
	if _, _, err := CrossValidate(context.Background(), nil, 5, Options{}); err == nil {
		t.Error("5 folds of no article: no error")
	}
}
