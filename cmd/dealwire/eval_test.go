package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEvalScoresPagesAgainstGold(t *testing.T) {
	gold := filepath.Join("..", "..", "fixtures", "gold")
	code, out, errs := runCmd(t, append([]string{"eval", "--gold", gold}, fixtures("000.html", "001.html", "002.html")...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"deals+status      1.000   1.000   1.000", "articles: 3", "required deals missed, by cause: status 0"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// A page without a gold file fails that input; the others are scored.
	code, out, errs = runCmd(t, "eval", "--gold", gold, fixtures("000.html")[0], filepath.Join("..", "..", "README.md"))
	if code != 1 || !strings.Contains(errs, "no gold file README.json") || !strings.Contains(out, "articles: 1") {
		t.Errorf("exit %d, stderr %q, stdout %q", code, errs, out)
	}
	if code, _, errs := runCmd(t, "eval", fixtures("000.html")[0]); code != 2 || !strings.Contains(errs, "--gold") {
		t.Errorf("without --gold: exit %d, %q", code, errs)
	}
}

// TestTrainIsReproducible trains twice on a corpus of the three seeds and
// compares the model files byte for byte.
func TestTrainIsReproducible(t *testing.T) {
	corpus := t.TempDir()
	for _, dir := range []string{"articles", "gold"} {
		if err := os.Mkdir(filepath.Join(corpus, dir), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, n := range []string{"000", "001", "002"} {
		copyFile(t, fixtures(n + ".html")[0], filepath.Join(corpus, "articles", n+".html"))
		copyFile(t, filepath.Join("..", "..", "fixtures", "gold", n+".json"), filepath.Join(corpus, "gold", n+".json"))
	}
	var files [2]map[string][]byte
	for i := range files {
		out := t.TempDir()
		if code, stdout, errs := runCmd(t, "train", "--corpus", corpus, "--folds", "3", "--out", out); code != 0 || !strings.Contains(stdout, "3-fold cross-validation on 3 articles") {
			t.Fatalf("exit %d: %s %s", code, stdout, errs)
		}
		files[i] = map[string][]byte{}
		for _, name := range []string{"deal-keep.dwm", "deal-type.dwm", "deal-status.dwm"} {
			b, err := os.ReadFile(filepath.Join(out, name))
			if err != nil {
				t.Fatal(err)
			}
			files[i][name] = b
		}
	}
	for name, b := range files[0] {
		if !bytes.Equal(b, files[1][name]) {
			t.Errorf("%s differs between two trainings", name)
		}
	}
	if code, _, errs := runCmd(t, "train", "--corpus", t.TempDir()); code != 1 || !strings.Contains(errs, "no gold files") {
		t.Errorf("empty corpus: exit %d, %q", code, errs)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
