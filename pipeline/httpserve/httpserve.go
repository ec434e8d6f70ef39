// Package httpserve owns a long-running stage's HTTP listener: /metrics,
// /healthz and /readyz, and beside them what else the stage serves (the
// deal store's API and pages), with bounded timeouts, shut down
// gracefully when the stage's context ends.
package httpserve

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// Check reports why the process is not ready, or nil.
type Check func(ctx context.Context) error

// CheckTimeout bounds one /readyz request's checks.
const CheckTimeout = 2 * time.Second

// shutdownTimeout bounds the graceful shutdown.
const shutdownTimeout = 5 * time.Second

// Handler serves metrics on /metrics, 200 on /healthz while the process
// runs, and on /readyz 200 when every check passes, else 503 with the
// first failure's reason in plain text.
func Handler(metrics http.Handler, checks ...Check) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", metrics)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		plain(w, http.StatusOK, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), CheckTimeout)
		defer cancel()
		for _, c := range checks {
			if err := c(ctx); err != nil {
				plain(w, http.StatusServiceUnavailable, "not ready: "+err.Error())
				return
			}
		}
		plain(w, http.StatusOK, "ready")
	})
	return mux
}

// opsPaths are the paths Handler serves.
var opsPaths = []string{"/metrics", "/healthz", "/readyz"}

// WithApp serves the paths of Handler from ops and every other path from
// app.
func WithApp(ops, app http.Handler) http.Handler {
	mux := http.NewServeMux()
	for _, p := range opsPaths {
		mux.Handle(p, ops)
	}
	mux.Handle("/", app)
	return mux
}

func plain(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	fmt.Fprintln(w, msg)
}

// Server is an HTTP server that stops when the context it was started
// with ends.
type Server struct {
	addr string
	done chan error
}

// Start listens on addr and serves h until ctx ends, then shuts down
// gracefully: requests in flight get a few seconds to finish.
func Start(ctx context.Context, addr string, h http.Handler, log *slog.Logger) (*Server, error) {
	if log == nil {
		log = slog.Default()
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("http: %w", err)
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	s := &Server{addr: ln.Addr().String(), done: make(chan error, 1)}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	go func() {
		var err error
		select {
		case <-ctx.Done():
			sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
			err = srv.Shutdown(sctx)
			cancel()
			<-served
		case err = <-served:
		}
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		s.done <- err
	}()
	log.Info("serving HTTP", "addr", s.addr)
	return s, nil
}

// Addr is the address the server listens on.
func (s *Server) Addr() string { return s.addr }

// Wait returns once the server has stopped, with the error that stopped
// it, if any.
func (s *Server) Wait() error { return <-s.done }
