package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dealwire/dealwire/pipeline/pipelinetest"
)

// waitHTTP polls url until it answers 200 and returns the body.
func waitHTTP(t *testing.T, url string) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := http.Get(url)
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return string(body)
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never answered 200 (last error %v)", url, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestStagesServeHTTP: 'run --follow' and 'extract' both serve --http,
// are ready, expose their metrics, and stop listening when they stop.
func TestStagesServeHTTP(t *testing.T) {
	runAddr, extractAddr := freeAddr(t), freeAddr(t)
	url := follow(t, t.TempDir(), "--http", runAddr)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	var stderr bytes.Buffer
	go func() {
		done <- run(ctx, []string{"extract", "--nats", url, "--http", extractAddr}, io.Discard, &stderr)
	}()
	code, stopped := 0, false
	stop := func() {
		if !stopped {
			cancel()
			code, stopped = <-done, true
		}
	}
	t.Cleanup(stop)
	for _, addr := range []string{runAddr, extractAddr} {
		if got := waitHTTP(t, "http://"+addr+"/readyz"); got != "ready\n" {
			t.Errorf("%s /readyz = %q", addr, got)
		}
		if got := waitHTTP(t, "http://"+addr+"/healthz"); got != "ok\n" {
			t.Errorf("%s /healthz = %q", addr, got)
		}
		if addr == runAddr && !strings.HasPrefix(waitHTTP(t, "http://"+addr+"/api/deals"), `{`) {
			t.Errorf("%s /api/deals is not JSON", addr)
		}
		metrics := waitHTTP(t, "http://"+addr+"/metrics")
		for _, want := range []string{"dealwire_build_info{", `dealwire_consumer_pending_messages{durable="extract",stream="ARTICLES"} 0`, "dealwire_jetstream_up 1"} {
			if !strings.Contains(metrics, want) {
				t.Errorf("%s /metrics lacks %q", addr, want)
			}
		}
	}
	stop()
	if code != 0 {
		t.Errorf("extract exit %d: %s", code, stderr.String())
	}
	if _, err := http.Get("http://" + extractAddr + "/healthz"); err == nil {
		t.Error("extract still serves HTTP after it stopped")
	}
}

// TestServe: 'dealwire serve --db' serves a store read-only: the API,
// the pages and the checks, until it is stopped.
func TestServe(t *testing.T) {
	path := filepath.Join(t.TempDir(), "deals.db")
	pipelinetest.DealStoreAt(t, path).Close()
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	var stderr bytes.Buffer
	go func() { done <- run(ctx, []string{"serve", "--db", path, "--http", addr}, io.Discard, &stderr) }()
	stopped := false
	defer func() {
		if !stopped {
			cancel()
			<-done
		}
	}()
	base := "http://" + addr
	if got := waitHTTP(t, base+"/readyz"); got != "ready\n" {
		t.Errorf("/readyz = %q", got)
	}
	var list struct{ Deals []struct{ ID string } }
	if err := json.Unmarshal([]byte(waitHTTP(t, base+"/api/deals")), &list); err != nil || len(list.Deals) != 4 {
		t.Errorf("/api/deals: %d deals (%v), want 4", len(list.Deals), err)
	}
	if page := waitHTTP(t, base+"/"); !strings.Contains(page, "Northwind Pictures") {
		t.Errorf("/ does not list the deals:\n%s", page)
	}
	if m := waitHTTP(t, base+"/metrics"); !strings.Contains(m, "dealwire_build_info{") {
		t.Errorf("/metrics lacks the build info")
	}
	if resp, err := http.Post(base+"/api/deals", "application/json", strings.NewReader("{}")); err != nil {
		t.Error(err)
	} else if resp.Body.Close(); resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /api/deals: %d, want 405", resp.StatusCode)
	}
	cancel()
	stopped = true
	if code := <-done; code != 0 {
		t.Errorf("serve exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "dealwire serve: "+path+" on http://"+addr+"/") {
		t.Errorf("no banner: %s", stderr.String())
	}
}

func TestServeErrors(t *testing.T) {
	dir := t.TempDir()
	if code, _, errOut := runCmd(t, "serve", "--data-dir", dir, "--http", "127.0.0.1:0"); code != 1 || !strings.Contains(errOut, "deal store") {
		t.Errorf("serve without a store: exit %d, %q", code, errOut)
	}
	if code, _, errOut := runCmd(t, "serve", "--http", ""); code != 2 {
		t.Errorf("serve --http '': exit %d, %q", code, errOut)
	}
}
