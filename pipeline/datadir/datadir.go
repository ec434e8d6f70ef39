// Package datadir owns the data directory: its layout (the JetStream store
// and the deal store) and the lock that gives it one owner at a time.
package datadir

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// Paths inside a data directory.
const (
	JetStreamDir = "jetstream"
	DealStore    = "deals.db"
	lockFile     = "LOCK"
)

// InUseError is a data directory another process owns.
type InUseError struct {
	Dir string
	PID int // 0 when the owner's pid could not be read
}

func (e *InUseError) Error() string {
	if e.PID == 0 {
		return fmt.Sprintf("data directory %s is in use by another process", e.Dir)
	}
	return fmt.Sprintf("data directory %s is in use by pid %d", e.Dir, e.PID)
}

// ErrNotExist is a data directory that is not there.
var ErrNotExist = errors.New("data directory does not exist")

// Lock is the ownership of a data directory. The operating system
// releases it when the process ends, however it ends.
type Lock struct {
	f *os.File
}

// Acquire creates dir if needed and takes its lock without waiting. When
// another process holds it, the error is an *InUseError.
func Acquire(dir string) (*Lock, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	return acquire(dir)
}

// TryExisting takes the lock of an existing directory. It returns
// ErrNotExist (wrapped) when dir is missing, and an *InUseError when
// another process owns it.
func TryExisting(dir string) (*Lock, error) {
	if err := Check(dir); err != nil {
		return nil, err
	}
	return acquire(dir)
}

// Check reports whether dir exists as a directory.
func Check(dir string) error {
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%w: %s", ErrNotExist, dir)
	case err != nil:
		return fmt.Errorf("data directory: %w", err)
	case !st.IsDir():
		return fmt.Errorf("data directory %s is not a directory", dir)
	}
	return nil
}

func acquire(dir string) (*Lock, error) {
	path := filepath.Join(dir, lockFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, &InUseError{Dir: dir, PID: readPID(path)}
		}
		return nil, fmt.Errorf("data directory %s: lock: %w", dir, err)
	}
	if err := f.Truncate(0); err == nil {
		_, err = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("data directory %s: lock: %w", dir, err)
	}
	return &Lock{f: f}, nil
}

func readPID(path string) int {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(data)))
	return pid
}

// Release gives the directory up. The pid is left in the file: a stale
// pid without the lock means nothing.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := l.f.Close() // closing the last descriptor releases the flock
	l.f = nil
	return err
}
