//go:build linux

package fetch

import (
	"net"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// fullListener returns the address of a loopback listener whose accept
// queue is full, so that a new connection hangs in the handshake. It skips
// the test when the system answers anyway.
func fullListener(t *testing.T) string {
	t.Helper()
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Close(fd) })
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Listen(fd, 0); err != nil {
		t.Fatal(err)
	}
	sa, err := syscall.Getsockname(fd)
	if err != nil {
		t.Fatal(err)
	}
	addr := "127.0.0.1:" + strconv.Itoa(sa.(*syscall.SockaddrInet4).Port)
	for range 16 {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err != nil {
			if isTimeout(err) {
				return addr
			}
			t.Skipf("filling the accept queue: %v", err)
		}
		t.Cleanup(func() { c.Close() })
	}
	t.Skip("the accept queue never filled: connections are answered regardless")
	return ""
}

// TestFetchConnectTimeout: a connection that the server never completes is
// given up on after ConnectTimeout, well before Timeout.
func TestFetchConnectTimeout(t *testing.T) {
	addr := fullListener(t)
	cfg := testConfig()
	cfg.ConnectTimeout = 300 * time.Millisecond
	cfg.Timeout = 8 * time.Second
	f := New(cfg)
	start := time.Now()
	fe := fetchErr(t, f, "http://"+addr+"/p")
	elapsed := time.Since(start)
	if want := "timeout connecting to " + addr + " (after 300ms)"; fe.Reason != want {
		t.Errorf("reason %q, want %q", fe.Reason, want)
	}
	if !fe.Temporary {
		t.Errorf("a timeout is not marked temporary")
	}
	if elapsed < 250*time.Millisecond || elapsed > 4*time.Second {
		t.Errorf("gave up after %v, want about the 300ms ConnectTimeout", elapsed)
	}
}
