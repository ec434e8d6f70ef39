package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"net"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dealwire/dealwire/pipeline"
	"github.com/dealwire/dealwire/pipeline/store"
	"github.com/nats-io/nats.go"
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
	t.Setenv("NATS_URL", "nats://alice:s3cret-url@nats.example:4222")
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

// follow starts 'dealwire run --follow' with extra flags on a free port and
// returns its NATS URL; it stops when the test ends.
func follow(t *testing.T, dir string, extra ...string) string {
	t.Helper()
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	var stderr bytes.Buffer
	go func() {
		defer close(done)
		args := append([]string{"run", "--follow", "--data-dir", dir, "--listen", addr}, extra...)
		run(ctx, args, io.Discard, &stderr)
	}()
	t.Cleanup(func() { cancel(); <-done })
	url := "nats://" + addr
	deadline := time.Now().Add(20 * time.Second)
	for {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return url
		}
		if time.Now().After(deadline) {
			t.Fatalf("the following service did not come up: %s", stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func freeAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// TestFetchAndWatch submits a page to a running service with 'dealwire
// fetch' and reads its deal events back with 'dealwire watch --all'.
func TestFetchAndWatch(t *testing.T) {
	url := follow(t, t.TempDir())
	code, out, errOut := runCmd(t, append([]string{"fetch", "--nats", url}, fixtures("002.html")...)...)
	if code != 0 || !strings.HasPrefix(out, "published") {
		t.Fatalf("fetch: exit %d\n%s\n%s", code, out, errOut)
	}
	var events []string
	deadline := time.Now().Add(20 * time.Second)
	for len(events) < 3 && time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		var stdout, stderr bytes.Buffer
		run(ctx, []string{"watch", "--nats", url, "--all", "--json"}, &stdout, &stderr)
		cancel()
		events = nil
		for _, line := range strings.Split(strings.TrimSpace(stdout.String()), "\n") {
			if line != "" {
				events = append(events, line)
			}
		}
	}
	if len(events) != 3 {
		t.Fatalf("watch --all printed %d events, want 3", len(events))
	}
	// A second fetch of the same page is a duplicate, not a new article.
	if code, out, _ := runCmd(t, append([]string{"fetch", "--nats", url}, fixtures("002.html")...)...); code != 0 || !strings.HasPrefix(out, "duplicate") {
		t.Errorf("second fetch: exit %d, %s", code, out)
	}
}

// TestSeparateStageCommands runs each stage as its own command against the
// service's NATS server, as separate processes would.
func TestSeparateStageCommands(t *testing.T) {
	dir := t.TempDir()
	url := follow(t, dir, "--no-extract", "--no-sink")
	sinkHTTP := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for _, args := range [][]string{
		{"extract", "--nats", url, "--workers", "1"},
		{"extract", "--nats", url, "--workers", "1"},
		{"sink", "--nats", url, "--data-dir", dir, "--http", sinkHTTP},
	} {
		wg.Add(1)
		go func() { defer wg.Done(); run(ctx, args, io.Discard, io.Discard) }()
	}
	t.Cleanup(func() { cancel(); wg.Wait() })
	code, out, errOut := runCmd(t, append([]string{"fetch", "--nats", url}, fixtures("000.html", "001.html", "002.html")...)...)
	if code != 0 || strings.Count(out, "published") != 3 {
		t.Fatalf("fetch: exit %d\n%s\n%s", code, out, errOut)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		code, out, _ := runCmd(t, "deals", "--data-dir", dir, "--json")
		if code == 0 && strings.Count(out, "\n") == 4 {
			if !strings.Contains(out, `"type":"production"`) {
				t.Errorf("no production record:\n%s", out)
			}
			sameRecords(t, out, waitHTTP(t, "http://"+sinkHTTP+"/api/deals"))
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("deal records never reached 4:\n%s", out)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// sameRecords checks that the sink's API answers the records that
// 'dealwire deals --json' prints, one a line.
func sameRecords(t *testing.T, lines, api string) {
	t.Helper()
	var got struct{ Deals []any }
	if err := json.Unmarshal([]byte(api), &got); err != nil {
		t.Fatalf("/api/deals: %v", err)
	}
	var want []any
	for _, l := range strings.Split(strings.TrimSpace(lines), "\n") {
		var r any
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatal(err)
		}
		want = append(want, r)
	}
	if !reflect.DeepEqual(got.Deals, want) {
		t.Errorf("/api/deals:\n%s\nwant the records of deals --json:\n%s", api, lines)
	}
}

// TestEmbeddedServerToken: without --nats, --token protects the embedded
// server.
func TestEmbeddedServerToken(t *testing.T) {
	t.Setenv("NATS_TOKEN", "t0ken")
	url := follow(t, t.TempDir())
	if nc, err := nats.Connect(url, nats.Token("t0ken")); err != nil {
		t.Errorf("with the token: %v", err)
	} else {
		nc.Close()
	}
	if nc, err := nats.Connect(url); err == nil {
		nc.Close()
		t.Error("connected without the token")
	}
}
