package main

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dealwire/dealwire/pipeline/pipelinetest"
)

func TestDLQListAndReplay(t *testing.T) {
	srv := pipelinetest.ServeFixtures(t, filepath.Join("..", "..", "fixtures"))
	srv.Handle("/flaky.html", pipelinetest.Page{Body: []byte("gone"), ContentType: "text/plain", Status: http.StatusNotFound})
	u := srv.URL("/flaky.html")
	dir := t.TempDir()
	if code, _, stderr := runCmd(t, "run", "--data-dir", dir, "--listen", "none", "--allow-private", u); code != 1 {
		t.Fatalf("run of a 404 page exited %d, want 1: %s", code, stderr)
	}

	code, out, stderr := runCmd(t, "dlq", "list", "--data-dir", dir, "--json")
	if code != 0 {
		t.Fatalf("dlq list exited %d: %s", code, stderr)
	}
	var l letterJSON
	if err := json.Unmarshal([]byte(out), &l); err != nil || strings.Count(out, "\n") != 1 {
		t.Fatalf("dlq list --json: want one letter, got %q (%v)", out, err)
	}
	if l.Stage != "fetch" || l.Source != u || !strings.Contains(l.Reason, "404") || l.Seq == 0 {
		t.Errorf("letter %+v: want the 404 of %s at the fetch stage", l, u)
	}
	if code, out, _ := runCmd(t, "dlq", "list", "--data-dir", dir, "--stage", "extract"); code != 0 || strings.Count(out, "\n") != 1 {
		t.Errorf("dlq list --stage extract: want only the header, got %d %q", code, out)
	}
	if code, _, stderr := runCmd(t, "dlq", "list", "--data-dir", dir, "--stage", "nope"); code != 2 || !strings.Contains(stderr, "bad --stage") {
		t.Errorf("bad --stage: exit %d, %q", code, stderr)
	}

	// Still broken: the letter comes back with its reason.
	code, out, _ = runCmd(t, "dlq", "replay", "--data-dir", dir, "--allow-private")
	if code != 1 || !strings.Contains(out, "failed again") {
		t.Errorf("replay of a page still failing: exit %d, %q", code, out)
	}
	// Fixed: the page is fetched, published and left to the workers.
	page, err := os.ReadFile(filepath.Join("..", "..", "fixtures", "000.html"))
	if err != nil {
		t.Fatal(err)
	}
	srv.Handle("/flaky.html", pipelinetest.Page{Body: page, ContentType: "text/html"})
	code, out, stderr = runCmd(t, "dlq", "replay", "--data-dir", dir, "--allow-private")
	if code != 0 || !strings.Contains(out, "resubmitted") {
		t.Fatalf("replay of a fixed page: exit %d, %q %s", code, out, stderr)
	}
	if _, out, _ := runCmd(t, "dlq", "list", "--data-dir", dir, "--json"); out != "" {
		t.Errorf("after the replay the DLQ still holds %q", out)
	}
	// The next run extracts what the replay published; the input itself
	// is a duplicate of it.
	code, out, stderr = runCmd(t, "run", "--data-dir", dir, "--listen", "none", "--allow-private", u)
	if code != 0 || !strings.Contains(stderr, "1 extracted, 0 failed") || !strings.Contains(out, "Netflix") {
		t.Errorf("run after the replay: exit %d\n%s\n%s", code, out, stderr)
	}
}
