package extractors

import (
	"testing"

	"github.com/dealwire/dealwire/extractors/learn"
)

func TestEmbeddedModelsLoad(t *testing.T) {
	m, err := embeddedModels()
	if err != nil {
		t.Fatal(err)
	}
	for name, model := range map[string]*learn.Model{ModelDealKeep: m.Keep, ModelDealType: m.Type, ModelDealStatus: m.Status} {
		if model == nil {
			t.Errorf("no embedded %s model", name)
		} else if model.Name != name {
			t.Errorf("%s.dwm holds the model %q", name, model.Name)
		}
	}
	if len(m.Type.Labels) != len(DealTypes) {
		t.Errorf("type model labels %q, want %q", m.Type.Labels, DealTypes)
	}
}

func TestOverrideNeedsMargin(t *testing.T) {
	var f learn.Features
	f.Add("w", "carriage")
	m := learn.Train("t", []string{"partnership", "distribution"}, []learn.Example{{Features: f, Class: 1}}, 3, 1)
	if got := override(m, f, "partnership", 0); got != "distribution" {
		t.Errorf("margin 0: %q, want the model's distribution", got)
	}
	if got := override(m, f, "partnership", 100); got != "partnership" {
		t.Errorf("margin 100: %q, want the rules' partnership", got)
	}
	if got := override(nil, f, "partnership", 0); got != "partnership" {
		t.Errorf("no model: %q, want the rules' partnership", got)
	}
}

func TestBucket(t *testing.T) {
	for _, c := range []struct {
		n    int
		want string
	}{{0, "0"}, {1, "1"}, {2, "2-3"}, {3, "2-3"}, {4, "4+"}} {
		if got := bucket(c.n, 0, 1, 3); got != c.want {
			t.Errorf("bucket(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}
