package content

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/markusmobius/go-trafilatura"
)

// The benchmark sets live beside the project, not in it: tests that need
// them skip when they are absent.
const benchRoot = "../../../shared/benchmarks"

// Benchmark sets: the one the scorer is tuned on, and one it is only
// measured on.
var benchSets = []string{"article-extraction", "readability-pages"}

// benchPage is one page of a benchmark set and its true article body.
type benchPage struct {
	name  string
	html  []byte
	truth string
}

var (
	pagesOnce  sync.Once
	pagesBySet map[string][]benchPage
	pagesErr   error
)

// loadPages reads every set once; it skips the test when the sets are
// absent and fails it when they are unreadable.
func loadPages(tb testing.TB, set string) []benchPage {
	tb.Helper()
	if _, err := os.Stat(benchRoot); err != nil {
		tb.Skipf("benchmark pages not found at %s: %v", benchRoot, err)
	}
	pagesOnce.Do(func() {
		pagesBySet = map[string][]benchPage{}
		for _, s := range benchSets {
			ps, err := readSet(filepath.Join(benchRoot, s))
			if err != nil {
				pagesErr = fmt.Errorf("%s: %w", s, err)
				return
			}
			pagesBySet[s] = ps
		}
	})
	if pagesErr != nil {
		tb.Fatal(pagesErr)
	}
	return pagesBySet[set]
}

func readSet(dir string) ([]benchPage, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "ground-truth.json"))
	if err != nil {
		return nil, err
	}
	var truth map[string]struct {
		ArticleBody string `json:"articleBody"`
	}
	if err := json.Unmarshal(raw, &truth); err != nil {
		return nil, err
	}
	var pages []benchPage
	for name, t := range truth {
		f, err := os.Open(filepath.Join(dir, "html", name+".html.gz"))
		if err != nil {
			return nil, err
		}
		zr, err := gzip.NewReader(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		body, err := io.ReadAll(zr)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		pages = append(pages, benchPage{name: name, html: body, truth: t.ArticleBody})
	}
	sort.Slice(pages, func(i, j int) bool { return pages[i].name < pages[j].name })
	if len(pages) == 0 {
		return nil, fmt.Errorf("no pages")
	}
	return pages, nil
}

// mainText is one extractor under comparison: a page in, its body out.
type mainText struct {
	name    string
	extract func([]byte) (string, error)
}

var extractorsUnderTest = []mainText{
	{"dealwire", func(b []byte) (string, error) {
		d, err := Parse(b, "text/html", "")
		if err != nil {
			return "", err
		}
		return d.Text(), nil
	}},
	{"go-trafilatura", func(b []byte) (string, error) {
		r, err := trafilatura.Extract(bytes.NewReader(b), trafilatura.Options{EnableFallback: true})
		if err != nil {
			return "", err
		}
		return r.ContentText, nil
	}},
}

// shingleWord is a word as the benchmark's scorer counts it.
var shingleWord = regexp.MustCompile(`[\p{L}\p{N}_]+`)

// shingles is the multiset of 4-word shingles of a text.
func shingles(text string) map[string]int {
	toks := shingleWord.FindAllString(text, -1)
	out := map[string]int{}
	for i := 0; i < max(1, len(toks)-3); i++ {
		if i < len(toks) {
			out[strings.Join(toks[i:min(i+4, len(toks))], " ")]++
		}
	}
	return out
}

// pageScore is a page's true positives, false positives and false
// negatives, normalised to sum to 1 (all zero when both texts are empty).
type pageScore struct{ tp, fp, fn float64 }

func scorePage(truth, pred string) pageScore {
	t, p := shingles(truth), shingles(pred)
	var s pageScore
	for k, tc := range t {
		pc := p[k]
		s.tp += float64(min(tc, pc))
		s.fn += float64(max(0, tc-pc))
	}
	for k, pc := range p {
		s.fp += float64(max(0, pc-t[k]))
	}
	if sum := s.tp + s.fp + s.fn; sum > 0 {
		s.tp, s.fp, s.fn = s.tp/sum, s.fp/sum, s.fn/sum
	}
	return s
}

// setScore is the benchmark's metric: precision and recall averaged over
// pages, F1 their harmonic mean.
type setScore struct {
	p, r, f1 float64
	failed   []string // pages that returned an error or no body
}

func scoreSet(pages []benchPage, x mainText) setScore {
	var out setScore
	var np, nr int
	for _, pg := range pages {
		text, err := x.extract(pg.html)
		switch {
		case err != nil:
			out.failed = append(out.failed, pg.name+": "+err.Error())
		case strings.TrimSpace(text) == "":
			out.failed = append(out.failed, pg.name+": empty body")
		}
		s := scorePage(pg.truth, text)
		// Precision is averaged over the pages with output, recall over
		// the pages with a body, as the benchmark's own scorer does.
		if s.tp+s.fp > 0 {
			out.p += ratio(s.tp, s.fp, s.fn)
			np++
		}
		if s.tp+s.fn > 0 {
			out.r += ratio(s.tp, s.fn, s.fp)
			nr++
		}
	}
	if np > 0 {
		out.p /= float64(np)
	}
	if nr > 0 {
		out.r /= float64(nr)
	}
	if out.p+out.r > 0 {
		out.f1 = 2 * out.p * out.r / (out.p + out.r)
	}
	return out
}

// ratio is tp/(tp+miss), 1 when nothing is missed or extra.
func ratio(tp, miss, other float64) float64 {
	if miss == 0 && other == 0 {
		return 1
	}
	return tp / (tp + miss)
}

var (
	scoresMu sync.Mutex
	scores   = map[string]setScore{}
)

// cachedScore scores an extractor on a set once per process, so that the
// benchmark's repeated runs measure speed alone.
func cachedScore(pages []benchPage, set string, x mainText) setScore {
	scoresMu.Lock()
	defer scoresMu.Unlock()
	k := set + "/" + x.name
	s, ok := scores[k]
	if !ok {
		s = scoreSet(pages, x)
		scores[k] = s
	}
	return s
}

// BenchmarkMainText runs dealwire and go-trafilatura on the same pages in
// one run. One op is one page (the set's pages in turn), so ns/op and B/op
// are per page; it reports F1, precision and recall on the whole set and
// pages/s. Run it on one core:
//
//	go test ./extractors/content -run XXX -bench MainText -cpu 1 -benchmem
func BenchmarkMainText(b *testing.B) {
	for _, set := range benchSets {
		for _, x := range extractorsUnderTest {
			b.Run("set="+set+"/x="+x.name, func(b *testing.B) {
				pages := loadPages(b, set)
				s := cachedScore(pages, set, x)
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					x.extract(pages[i%len(pages)].html)
				}
				b.StopTimer()
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
				b.ReportMetric(s.f1, "F1")
				b.ReportMetric(s.p, "precision")
				b.ReportMetric(s.r, "recall")
				b.ReportMetric(float64(len(s.failed)), "failed")
			})
		}
	}
}

// TestMainTextAccuracy holds the main text to its targets on the set it is
// tuned on: F1 at least 0.97, and no page without a body.
func TestMainTextAccuracy(t *testing.T) {
	pages := loadPages(t, "article-extraction")
	s := scoreSet(pages, extractorsUnderTest[0])
	t.Logf("article-extraction: F1 %.3f precision %.3f recall %.3f", s.f1, s.p, s.r)
	if s.f1 < 0.97 {
		t.Errorf("F1 %.3f on article-extraction, want at least 0.97", s.f1)
	}
	for _, f := range s.failed {
		t.Errorf("no body: %s", f)
	}
}

func TestScorePage(t *testing.T) {
	tests := []struct {
		truth, pred string
		want        pageScore
	}{
		{"a b c d e", "a b c d e", pageScore{1, 0, 0}},
		{"a b c d e", "", pageScore{0, 0, 1}},
		{"", "a b c d", pageScore{0, 1, 0}},
		{"", "", pageScore{}},
		// Two of three true shingles found, plus one false.
		{"a b c d e f", "a b c d e x", pageScore{0.5, 0.25, 0.25}},
	}
	for _, tt := range tests {
		if got := scorePage(tt.truth, tt.pred); got != tt.want {
			t.Errorf("scorePage(%q, %q) = %+v; want %+v", tt.truth, tt.pred, got, tt.want)
		}
	}
}
