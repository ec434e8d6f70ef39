package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dealwire/dealwire/pipeline"
	"github.com/dealwire/dealwire/pipeline/store"
)

func runCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var stdout, stderr bytes.Buffer
	code := run(ctx, args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func fixtures(names ...string) []string {
	var out []string
	for _, n := range names {
		out = append(out, filepath.Join("..", "..", "fixtures", n))
	}
	return out
}

func TestParseInterspersedFlags(t *testing.T) {
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	j := fs.Bool("json", false, "")
	d := fs.String("data-dir", "", "")
	pos, err := parse(fs, []string{"a.html", "--json", "b.html", "--data-dir", "/tmp/x", "-", "--", "--not-a-flag"})
	if err != nil {
		t.Fatal(err)
	}
	if !*j || *d != "/tmp/x" || !slices.Equal(pos, []string{"a.html", "b.html", "-", "--not-a-flag"}) {
		t.Errorf("json=%v data-dir=%q args=%q", *j, *d, pos)
	}
}

// TestRunAndDeals is the README's first command on the seed fixtures,
// then the deal records it leaves in the store.
func TestRunAndDeals(t *testing.T) {
	dir := t.TempDir()
	args := append([]string{"run", "--data-dir", dir, "--listen", "none"}, fixtures("000.html", "001.html", "002.html")...)
	args = append(args, "--json")
	code, out, errOut := runCmd(t, args...)
	if code != 0 {
		t.Fatalf("run exit %d\nstderr: %s", code, errOut)
	}
	subjects := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		ev, err := pipeline.DecodeDealEvent([]byte(line))
		if err != nil {
			t.Fatalf("bad JSON line %q: %v", line, err)
		}
		subjects[pipeline.DealSubject(ev.Deal.Type, ev.Deal.Status)]++
	}
	if subjects["deals.production.agreed"] != 2 || subjects["deals.partnership.talks"] != 1 || subjects["deals.partnership.agreed"] != 1 || subjects["deals.licensing.agreed"] != 1 {
		t.Errorf("deal events %v", subjects)
	}
	if !strings.Contains(errOut, "3 inputs: 3 extracted, 0 failed") {
		t.Errorf("summary missing: %s", errOut)
	}

	code, out, errOut = runCmd(t, "deals", "--data-dir", dir, "--json")
	if code != 0 {
		t.Fatalf("deals exit %d: %s", code, errOut)
	}
	var recs []store.Record
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var r store.Record
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatal(err)
		}
		recs = append(recs, r)
	}
	if len(recs) != 4 {
		t.Fatalf("deal records = %d, want 4", len(recs))
	}
	found := false
	for _, r := range recs {
		if r.Type == "production" {
			found = true
			if len(r.Sources) != 2 {
				t.Errorf("Sony–Netflix record has %d sources, want 2", len(r.Sources))
			}
		}
	}
	if !found {
		t.Error("no production record")
	}

	code, out, _ = runCmd(t, "deals", "--data-dir", dir, "--company", "les studios Sony")
	if code != 0 || !strings.Contains(out, "production") || strings.Contains(out, "LeTV, Microsoft") {
		t.Errorf("deals --company: exit %d\n%s", code, out)
	}
	if code, _, errOut := runCmd(t, "deals", "--data-dir", dir, "--type", "bogus"); code != 2 || !strings.Contains(errOut, "bad --type") {
		t.Errorf("deals --type bogus: exit %d, %s", code, errOut)
	}
}

func TestRunReportsFailures(t *testing.T) {
	args := append([]string{"run", "--data-dir", t.TempDir(), "--listen", "none"}, fixtures("000.html", "missing.html")...)
	code, out, errOut := runCmd(t, args...)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if !strings.Contains(out, "production") {
		t.Errorf("the good page's deal is missing:\n%s", out)
	}
	if !strings.Contains(errOut, "2 inputs: 1 extracted, 1 failed") || !strings.Contains(errOut, "missing.html") {
		t.Errorf("summary: %s", errOut)
	}
}

func TestParseCommand(t *testing.T) {
	code, out, errOut := runCmd(t, append([]string{"parse", "--text"}, fixtures("000.html", "001.html")...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines, want 2", len(lines))
	}
	var r struct {
		Article struct{ Source, Lang, Text string }
	}
	if err := json.Unmarshal([]byte(lines[1]), &r); err != nil {
		t.Fatal(err)
	}
	if r.Article.Lang != "fr" || !strings.Contains(r.Article.Text, "29,81 millions") || !strings.HasSuffix(r.Article.Source, "001.html") {
		t.Errorf("parse result %+v", r.Article)
	}
	code, _, errOut = runCmd(t, "parse", "nope.html")
	if code != 1 || !strings.Contains(errOut, "nope.html") {
		t.Errorf("parse of a missing file: exit %d, %s", code, errOut)
	}
	code, _, errOut = runCmd(t, "parse", "--published", "14/10/2013x", fixtures("000.html")[0])
	if code != 1 || !strings.Contains(errOut, "bad publication date") {
		t.Errorf("bad --published: exit %d, %s", code, errOut)
	}
}

func TestHelpAndUsage(t *testing.T) {
	t.Setenv("NATS_PASSWORD", "s3cret-value")
	t.Setenv("NATS_TOKEN", "t0ken-value")
	for _, c := range commands {
		code, _, errOut := runCmd(t, c.name, "--help")
		if code != 0 {
			t.Errorf("%s --help: exit %d", c.name, code)
		}
		if c.name != "version" && !strings.Contains(errOut, "Usage: dealwire "+c.name) {
			t.Errorf("%s --help: no usage line:\n%s", c.name, errOut)
		}
		if strings.Contains(errOut, "s3cret") || strings.Contains(errOut, "t0ken") {
			t.Errorf("%s --help shows a secret", c.name)
		}
	}
	if code, _, _ := runCmd(t, "frobnicate"); code != 2 {
		t.Errorf("unknown command: exit %d, want 2", code)
	}
	if code, _, errOut := runCmd(t, "run", "--data-dir", t.TempDir()); code != 2 || !strings.Contains(errOut, "no inputs") {
		t.Errorf("run without inputs: exit %d, %s", code, errOut)
	}
}

// TestRunFollow starts the service without inputs; it runs until its
// context ends, then exits cleanly.
func TestRunFollow(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	var stdout, stderr bytes.Buffer
	code := run(ctx, []string{"run", "--follow", "--data-dir", t.TempDir(), "--listen", "127.0.0.1:0"}, &stdout, &stderr)
	if code != 0 {
		t.Errorf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "following; NATS at nats://127.0.0.1:") {
		t.Errorf("no follow banner: %s", stderr.String())
	}
}
