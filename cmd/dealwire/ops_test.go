package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dealwire/dealwire/pipeline"
	"github.com/dealwire/dealwire/pipeline/pipelinetest"
)

// The tests of issue 12, one per numbered item (items 8, 9 and 10 are in
// pipeline/store and pipeline/fetch, item 7 in pipeline/job).

// timed runs a command whose context ends after d, and how long it took.
func timed(d time.Duration, args ...string) (int, string, time.Duration) {
	start := time.Now()
	code, out, errOut := runWithin(d, args...)
	return code, out + errOut, time.Since(start)
}

// TestOneShotCommandsGiveUp is item 1: with no NATS server, fetch and watch
// retried forever. They give up after --connect-timeout with an error.
func TestOneShotCommandsGiveUp(t *testing.T) {
	dead := "nats://" + freeAddr(t)
	for _, args := range [][]string{
		append([]string{"fetch", "--nats", dead, "--connect-timeout", "600ms"}, fixtures("000.html")...),
		{"watch", "--nats", dead, "--connect-timeout", "600ms"},
		{"dlq", "list", "--nats", dead, "--connect-timeout", "600ms"},
	} {
		code, out, took := timed(30*time.Second, args...)
		if code != 1 || !strings.Contains(out, "cannot reach NATS at "+dead) || !strings.Contains(out, "no NATS server after 600ms") {
			t.Errorf("%s: exit %d after %v, want 1 and a clear error:\n%s", args[0], code, took, out)
		}
	}
}

// TestWaitsEndOnSignal is item 1: every wait returns at once when the
// command's context ends (SIGINT, SIGTERM cancel it): exit 130.
func TestWaitsEndOnSignal(t *testing.T) {
	dead := "nats://" + freeAddr(t)
	for _, args := range [][]string{
		append([]string{"fetch", "--nats", dead, "--connect-timeout", "1m"}, fixtures("000.html")...),
		{"extract", "--nats", dead},
		{"sink", "--nats", dead, "--data-dir", t.TempDir()},
	} {
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(500*time.Millisecond, cancel)
		var stdout, stderr bytes.Buffer
		start := time.Now()
		code := run(ctx, args, &stdout, &stderr)
		out, took := stdout.String()+stderr.String(), time.Since(start)
		if code != 130 || took > 5*time.Second {
			t.Errorf("%s: exit %d after %v, want 130 at once:\n%s", args[0], code, took, out)
		}
	}
}

// TestWatchEndsWhenServerGoes is item 1: after the server died, a one-shot
// command never exited. watch ends with an error once the server has been
// gone for --connect-timeout.
func TestWatchEndsWhenServerGoes(t *testing.T) {
	addr := freeAddr(t)
	ctx, stopService := context.WithCancel(context.Background())
	served := make(chan struct{})
	go func() {
		defer close(served)
		run(ctx, []string{"run", "--follow", "--data-dir", t.TempDir(), "--listen", addr}, &bytes.Buffer{}, &bytes.Buffer{})
	}()
	defer func() { stopService(); <-served }()
	waitListening(t, addr)
	watched := make(chan string, 1)
	go func() {
		code, out, _ := timed(time.Minute, "watch", "--nats", "nats://"+addr, "--connect-timeout", "1s")
		watched <- fmt.Sprintf("exit %d: %s", code, out)
	}()
	time.Sleep(300 * time.Millisecond)
	stopService()
	<-served
	select {
	case got := <-watched:
		if !strings.HasPrefix(got, "exit 1:") || !strings.Contains(got, "lost the NATS connection") {
			t.Errorf("watch after the server went: %s", got)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("watch still waits for a server that is gone")
	}
}

func waitListening(t *testing.T, addr string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("nothing listens on %s", addr)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestPortInUse is item 2: a second run on a port in use waited 30 s. It
// fails at once with the reason.
func TestPortInUse(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	args := append([]string{"run", "--data-dir", t.TempDir(), "--listen", l.Addr().String()}, fixtures("000.html")...)
	code, out, took := timed(time.Minute, args...)
	if code != 1 || !strings.Contains(out, "address already in use") {
		t.Errorf("exit %d, want 1 with the bind error:\n%s", code, out)
	}
	if took > 10*time.Second {
		t.Errorf("failed after %v: it waited instead of failing", took)
	}
}

// TestDataDirectoryHasOneOwner is item 3: a second run on the data
// directory of a running service exited 0 and left the stores disagreeing.
// It is refused with exit 2; a read-only query works beside the owner.
func TestDataDirectoryHasOneOwner(t *testing.T) {
	dir := t.TempDir()
	url := follow(t, dir)
	if code, out, errOut := runCmd(t, append([]string{"fetch", "--nats", url}, fixtures("000.html")...)...); code != 0 {
		t.Fatalf("fetch: exit %d\n%s%s", code, out, errOut)
	}
	want := fmt.Sprintf("data directory %s is in use by pid %d", dir, os.Getpid())
	for _, args := range [][]string{
		append([]string{"run", "--listen", "none", "--data-dir", dir}, fixtures("001.html")...),
		{"sink", "--nats", url, "--data-dir", dir},
		{"dlq", "list", "--data-dir", dir},
	} {
		code, out, _ := timed(30*time.Second, args...)
		if code != 2 || !strings.Contains(out, want) {
			t.Errorf("%s beside the owner: exit %d, want 2 and %q:\n%s", args[0], code, want, out)
		}
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		code, out, errOut := runCmd(t, "deals", "--data-dir", dir, "--json")
		if code != 0 {
			t.Fatalf("deals beside the owner: exit %d: %s", code, errOut)
		}
		if strings.Contains(out, `"type":"production"`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("deals never showed the stored record: %s%s", out, errOut)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestRerunIsQuiet is item 4: a rerun on an existing data directory logged
// warnings. Nothing is logged at WARN when nothing is wrong.
func TestRerunIsQuiet(t *testing.T) {
	dir := t.TempDir()
	args := append([]string{"run", "--data-dir", dir, "--listen", "none"}, fixtures("000.html", "001.html", "002.html")...)
	for i := range 3 {
		code, out, errOut := runCmd(t, args...)
		if code != 0 {
			t.Fatalf("run %d: exit %d\n%s%s", i, code, out, errOut)
		}
		if strings.Contains(errOut, "level=WARN") || strings.Contains(errOut, "level=ERROR") {
			t.Errorf("run %d logged warnings:\n%s", i, errOut)
		}
	}
}

// TestReadOnlyCommandsRefuseMissingDataDir is item 5: a mistyped
// --data-dir was created, and queried as empty.
func TestReadOnlyCommandsRefuseMissingDataDir(t *testing.T) {
	typo := filepath.Join(t.TempDir(), "typo")
	for _, args := range [][]string{
		{"deals", "--data-dir", typo},
		{"dlq", "list", "--data-dir", typo},
		{"dlq", "replay", "--data-dir", typo},
	} {
		code, out, _ := timed(30*time.Second, args...)
		if code != 1 || !strings.Contains(out, "data directory does not exist: "+typo) {
			t.Errorf("%v: exit %d, want 1 and the missing directory:\n%s", args, code, out)
		}
	}
	if _, err := os.Stat(typo); !os.IsNotExist(err) {
		t.Errorf("the mistyped directory was created (%v)", err)
	}
}

// TestLocalFilesThatAreNotPages is item 6: 'dealwire run fixtures/*' made
// deals of the golden .json files. They fail with their type; the pages
// go through.
func TestLocalFilesThatAreNotPages(t *testing.T) {
	args := append([]string{"run", "--data-dir", t.TempDir(), "--listen", "none"}, fixtures("000.html", "000.json")...)
	code, out, _ := timed(time.Minute, args...)
	if code != 1 || !strings.Contains(out, "2 inputs: 1 extracted, 1 failed") ||
		!strings.Contains(out, "not a page: "+fixtures("000.json")[0]+" (application/json)") {
		t.Errorf("exit %d, want 1 with the JSON file failed:\n%s", code, out)
	}
}

// TestWatchSmallThings is item 11: watch consumers are removed as watch
// exits, and a subject no deal event can match is refused.
func TestWatchSmallThings(t *testing.T) {
	url := follow(t, t.TempDir())
	code, out, _ := timed(time.Second, "watch", "--nats", url, "--all")
	if code != 0 {
		t.Fatalf("watch: exit %d: %s", code, out)
	}
	_, js := pipelinetest.Dial(t, url)
	if info := pipelinetest.StreamInfo(t, js, pipeline.DealsStream); info.State.Consumers != 0 {
		t.Errorf("%d consumers left on %s after watch exited", info.State.Consumers, pipeline.DealsStream)
	}

	code, out, _ = timed(5*time.Second, "watch", "--nats", url, "--subject", "foo.>")
	if code != 2 || !strings.Contains(out, `subject "foo.>" matches no deal events`) {
		t.Errorf("watch --subject foo.>: exit %d:\n%s", code, out)
	}
}

// TestCLISmallThings is item 11: --version, plurals, --flag in help and
// an accurate 'dlq replay' help.
func TestCLISmallThings(t *testing.T) {
	if code, out, _ := runCmd(t, "--version"); code != 0 || !strings.HasPrefix(out, "dealwire (extractor ") {
		t.Errorf("--version: exit %d, %q", code, out)
	}
	for n, want := range map[int]string{0: "0 deal records", 1: "1 deal record", 2: "2 deal records"} {
		if got := plural(n, "deal record"); got != want {
			t.Errorf("plural(%d) = %q, want %q", n, got, want)
		}
	}
	_, _, help := runCmd(t, "deals", "--help")
	if !strings.Contains(help, "\n  --data-dir string") || strings.Contains(help, "\n  -data-dir") {
		t.Errorf("help does not spell flags --flag:\n%s", help)
	}
	if !strings.Contains(help, "reported (published)") {
		t.Errorf("deals --help does not say --since is on reported dates:\n%s", help)
	}
	_, _, help = runCmd(t, "dlq", "replay", "--help")
	if !strings.Contains(help, "'dealwire run --follow'") {
		t.Errorf("dlq replay --help:\n%s", help)
	}
	dir := t.TempDir()
	if code, _, errOut := runCmd(t, "run", "--data-dir", dir, "--listen", "none", fixtures("000.html")[0]); code != 0 ||
		!strings.Contains(errOut, "dealwire: 1 input: 1 extracted") {
		t.Errorf("run summary: exit %d, %s", code, errOut)
	}
	if code, _, errOut := runCmd(t, "deals", "--data-dir", dir); code != 0 || !strings.Contains(errOut, "1 deal record\n") {
		t.Errorf("deals: exit %d, %s", code, errOut)
	}
}
