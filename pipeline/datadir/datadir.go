// Package datadir owns the data directory: its layout (the JetStream store
// and the deal store) and the locks that give each store one owning
// process at a time.
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

// The stores inside a data directory. Each is locked through a file named
// after it with ".lock" added, beside it.
const (
	JetStreamDir = "jetstream"
	DealStore    = "deals.db"
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

// Lock is the ownership of stores in a data directory. The operating
// system releases it when the process ends, however it ends.
type Lock struct {
	files []*os.File
}

// Acquire creates dir if needed and takes the locks of the named stores
// in it, without waiting. When another process holds one, the error is an
// *InUseError.
func Acquire(dir string, stores ...string) (*Lock, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	return acquire(dir, stores)
}

// TryExisting is Acquire for a directory that must exist already: it
// returns ErrNotExist (wrapped) when dir is missing.
func TryExisting(dir string, stores ...string) (*Lock, error) {
	if err := Check(dir); err != nil {
		return nil, err
	}
	return acquire(dir, stores)
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

func acquire(dir string, stores []string) (*Lock, error) {
	l := &Lock{}
	for _, name := range stores {
		f, err := lockFile(dir, name)
		if err != nil {
			l.Release()
			return nil, err
		}
		l.files = append(l.files, f)
	}
	return l, nil
}

// lockFile takes the flock of one store and writes this process's pid in
// its lock file.
func lockFile(dir, store string) (*os.File, error) {
	path := filepath.Join(dir, store+".lock")
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
	return f, nil
}

func readPID(path string) int {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(data)))
	return pid
}

// Release gives the stores up. The pid stays in the lock files: a pid
// without the flock means nothing.
func (l *Lock) Release() error {
	if l == nil {
		return nil
	}
	var errs []error
	for _, f := range l.files {
		errs = append(errs, f.Close()) // closing the last descriptor releases the flock
	}
	l.files = nil
	return errors.Join(errs...)
}
