package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
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
