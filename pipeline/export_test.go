package pipeline

import "time"

// SetRefreshAfter sets how long a pull may bring nothing before it is
// started again, until the test ends.
func SetRefreshAfter(t interface{ Cleanup(func()) }, d time.Duration) {
	was := refreshAfter
	refreshAfter = d
	t.Cleanup(func() { refreshAfter = was })
}
