package datadir

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

func TestLockHasOneOwner(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	l, err := Acquire(dir, JetStreamDir, DealStore)
	if err != nil {
		t.Fatal(err)
	}
	// flock locks belong to open files: a second open conflicts even in
	// this process, as another process would.
	_, err = Acquire(dir, DealStore)
	var inUse *InUseError
	if !errors.As(err, &inUse) || err.Error() != fmt.Sprintf("data directory %s is in use by pid %d", dir, os.Getpid()) {
		t.Fatalf("second Acquire: %v, want in use by this pid", err)
	}
	// The stores are locked separately.
	other, err := Acquire(dir, "other.db")
	if err != nil {
		t.Fatalf("another store: %v", err)
	}
	other.Release()
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	l, err = TryExisting(dir, DealStore)
	if err != nil {
		t.Fatalf("after Release: %v", err)
	}
	l.Release()
}

func TestTryExistingRefusesMissingDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "typo")
	if _, err := TryExisting(dir, DealStore); !errors.Is(err, ErrNotExist) {
		t.Errorf("TryExisting(missing) = %v, want ErrNotExist", err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("TryExisting created the directory")
	}
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o644)
	if err := Check(file); err == nil {
		t.Errorf("Check(a file) = nil")
	}
}
