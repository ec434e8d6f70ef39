package learn

import (
	"bytes"
	"hash/fnv"
	"strings"
	"testing"
)

// toy is a separable problem: the word decides the class.
func toy() []Example {
	var exs []Example
	for i, w := range []string{"buy", "acquire", "license", "stream", "buy", "license", "acquire", "stream"} {
		var f Features
		f.Add("bias", "")
		f.Add("w", w)
		f.Add("n", string(rune('a'+i%3)))
		class := 0
		if w == "license" || w == "stream" {
			class = 1
		}
		exs = append(exs, Example{Features: f, Class: class})
	}
	return exs
}

func TestTrainLearnsSeparableData(t *testing.T) {
	m := Train("toy", []string{"acquisition", "licensing"}, toy(), 10, 1)
	for i, e := range toy() {
		if got, _ := m.Predict(e.Features); got != e.Class {
			t.Errorf("example %d: predicted %d, want %d", i, got, e.Class)
		}
	}
}

func TestPriorHoldsWithoutContraryData(t *testing.T) {
	var f Features
	f.Add("rule", "licensing")
	m := Train("prior", []string{"acquisition", "licensing"}, nil, 5, 1, Prior{Feature: Hash("rule", "licensing"), Class: 1, Weight: 2})
	if got := m.Label(f); got != "licensing" {
		t.Errorf("label %q with only the prior, want licensing", got)
	}
}

func TestTrainIsDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	if err := Train("toy", []string{"x", "y"}, toy(), 7, 3).Write(&a); err != nil {
		t.Fatal(err)
	}
	if err := Train("toy", []string{"x", "y"}, toy(), 7, 3).Write(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two trainings with the same data and seed wrote different files")
	}
}

func TestWriteReadRoundTrip(t *testing.T) {
	m := Train("toy", []string{"acquisition", "licensing"}, toy(), 10, 1)
	var buf bytes.Buffer
	if err := m.Write(&buf); err != nil {
		t.Fatal(err)
	}
	got, err := Read(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "toy" || strings.Join(got.Labels, ",") != "acquisition,licensing" {
		t.Fatalf("read back %q %q", got.Name, got.Labels)
	}
	for _, e := range toy() {
		a, b := m.Scores(e.Features), got.Scores(e.Features)
		for c := range a {
			if a[c] != b[c] {
				t.Fatalf("scores differ after a round trip: %v, %v", a, b)
			}
		}
	}
}

func TestReadRejectsBadFiles(t *testing.T) {
	var good bytes.Buffer
	if err := Train("toy", []string{"a", "b"}, toy(), 2, 1).Write(&good); err != nil {
		t.Fatal(err)
	}
	bad := map[string][]byte{
		"empty":       nil,
		"wrong magic": []byte("GIF89a"),
		"truncated":   good.Bytes()[:good.Len()-3],
		"new format":  append([]byte("DWM1\x09\x00\x00\x00"), good.Bytes()[8:]...),
	}
	for name, b := range bad {
		if _, err := Read(bytes.NewReader(b)); err == nil {
			t.Errorf("%s: read without an error", name)
		}
	}
}

func FuzzRead(f *testing.F) {
	var good bytes.Buffer
	Train("toy", []string{"a", "b"}, toy(), 2, 1).Write(&good)
	f.Add(good.Bytes())
	f.Add([]byte("DWM1"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Read(bytes.NewReader(b))
		if err == nil {
			m.Scores(Features{1, 2, 3})
		}
	})
}

func BenchmarkPredict(b *testing.B) {
	m := Train("toy", []string{"acquisition", "licensing"}, toy(), 10, 1)
	f := toy()[0].Features
	for b.Loop() {
		m.Predict(f)
	}
}

// TestHashIsFNV1a pins the feature hash to FNV-1a of "template\x00value",
// so that saved models keep their meaning.
func TestHashIsFNV1a(t *testing.T) {
	for _, c := range [][2]string{{"bias", ""}, {"type", "licensing"}, {"prev", "a/b"}} {
		h := fnv.New32a()
		h.Write([]byte(c[0] + "\x00" + c[1]))
		if got, want := Hash(c[0], c[1]), h.Sum32()&mask; got != want {
			t.Errorf("Hash(%q, %q) = %d, want %d", c[0], c[1], got, want)
		}
	}
	if HashParts("t", "a", "b") != Hash("t", "a/b") {
		t.Error("HashParts differs from Hash of the joined values")
	}
}

func TestAverage(t *testing.T) {
	// Two orders of the same examples give two models; their average
	// scores every feature with the mean of their weights.
	exs := []Example{
		{Features: Features{Hash("w", "buy")}, Class: 1},
		{Features: Features{Hash("w", "sell")}, Class: 0},
		{Features: Features{Hash("w", "buy"), Hash("w", "sell")}, Class: 1},
	}
	a := Train("m", []string{"no", "yes"}, exs, 3, 1)
	b := Train("m", []string{"no", "yes"}, exs, 3, 2)
	avg := Average("m", a, b)
	for _, f := range []Features{{Hash("w", "buy")}, {Hash("w", "sell")}, {Hash("w", "other")}} {
		sa, sb, s := a.Scores(f), b.Scores(f), avg.Scores(f)
		for c := range s {
			if want := (sa[c] + sb[c]) / 2; s[c] != want {
				t.Errorf("feature %v class %d: average %v, want %v", f, c, s[c], want)
			}
		}
	}
	if got := avg.Label(Features{Hash("w", "buy")}); got != "yes" {
		t.Errorf("averaged model says %q for buy, want yes", got)
	}
	if got := Average("empty"); len(got.Labels) != 0 || len(got.weights) != 0 {
		t.Errorf("average of no models: %+v", got)
	}
}
