package httpserve

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dealwire/dealwire/pipeline/pipelinetest"
)

func TestEndpointsAndShutdown(t *testing.T) {
	var unready atomic.Bool
	metrics := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "up 1\n") })
	h := Handler(metrics, func(context.Context) error { return nil }, func(context.Context) error {
		if unready.Load() {
			return errors.New("stream DLQ: stream not found")
		}
		return nil
	})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	srvCtx, stop := context.WithCancel(ctx)
	s, err := Start(srvCtx, "127.0.0.1:0", h, nil)
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + s.Addr()
	for path, want := range map[string]string{"/healthz": "ok\n", "/readyz": "ready\n", "/metrics": "up 1\n"} {
		if code, body := pipelinetest.Get(t, base+path); code != http.StatusOK || body != want {
			t.Errorf("GET %s = %d %q, want 200 %q", path, code, body, want)
		}
	}
	unready.Store(true)
	if code, body := pipelinetest.Get(t, base+"/readyz"); code != http.StatusServiceUnavailable || !strings.Contains(body, "not ready: stream DLQ") {
		t.Errorf("GET /readyz while unready = %d %q", code, body)
	}
	if code, _ := pipelinetest.Get(t, base+"/healthz"); code != http.StatusOK {
		t.Errorf("GET /healthz while unready = %d", code)
	}
	stop()
	if err := s.Wait(); err != nil {
		t.Errorf("shutdown: %v", err)
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("still serving after its context ended")
	}
}

func TestStartFailsOnBadAddress(t *testing.T) {
	if _, err := Start(context.Background(), "127.0.0.1:notaport", http.NotFoundHandler(), nil); err == nil {
		t.Error("started on an invalid address")
	}
}

func TestWithApp(t *testing.T) {
	metrics := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "up 1\n") })
	app := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "app "+r.URL.Path) })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s, err := Start(ctx, "127.0.0.1:0", WithApp(Handler(metrics), app), nil)
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + s.Addr()
	for path, want := range map[string]string{"/healthz": "ok\n", "/readyz": "ready\n", "/metrics": "up 1\n", "/": "app /", "/api/deals": "app /api/deals"} {
		if code, body := pipelinetest.Get(t, base+path); code != http.StatusOK || body != want {
			t.Errorf("GET %s = %d %q, want 200 %q", path, code, body, want)
		}
	}
}
