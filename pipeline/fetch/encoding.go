package fetch

import (
	"bufio"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/andybalholm/brotli"
)

// acceptEncoding is sent with every request. The fetcher decodes bodies
// itself (the transport's transparent gzip is off) so that MaxBody bounds
// what a page decompresses to, not only what crosses the wire.
const acceptEncoding = "gzip, deflate, br"

// decoder wraps r to undo a Content-Encoding. It returns the encoding's
// name, empty for none. A decoder reads its header on the first Read, so
// that its errors come with the body's.
func decoder(r io.Reader, contentEncoding string) (io.Reader, string, *Error) {
	enc := strings.ToLower(strings.TrimSpace(contentEncoding))
	switch enc {
	case "", "identity":
		return r, "", nil
	case "gzip", "x-gzip":
		return &lazyReader{open: func() (io.Reader, error) { return gzip.NewReader(r) }}, "gzip", nil
	case "deflate":
		return &lazyReader{open: func() (io.Reader, error) { return inflater(r) }}, "deflate", nil
	case "br":
		return brotli.NewReader(r), "br", nil
	}
	return nil, enc, fail(false, nil, "unsupported Content-Encoding %q", contentEncoding)
}

// inflater reads "deflate": zlib-wrapped as RFC 9110 says, or raw deflate
// as some servers send it.
func inflater(r io.Reader) (io.Reader, error) {
	br := bufio.NewReader(r)
	h, err := br.Peek(2)
	if len(h) == 0 {
		return nil, err
	}
	if len(h) == 2 && h[0]&0x0f == 8 && h[0]>>4 <= 7 && (uint16(h[0])<<8|uint16(h[1]))%31 == 0 {
		return zlib.NewReader(br)
	}
	return flate.NewReader(br), nil
}

// lazyReader opens its reader on the first Read.
type lazyReader struct {
	open func() (io.Reader, error)
	r    io.Reader
}

func (l *lazyReader) Read(p []byte) (int, error) {
	if l.r == nil {
		r, err := l.open()
		if err != nil {
			return 0, err
		}
		l.r = r
	}
	return l.r.Read(p)
}

// countingReader counts the bytes read and keeps the first error other
// than io.EOF: a failure of the connection rather than of the decoder.
type countingReader struct {
	r   io.Reader
	n   int64
	err error
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if err != nil && err != io.EOF && c.err == nil {
		c.err = err
	}
	return n, err
}

// readBody reads and decodes a page's body. MaxBody bounds both the bytes
// received and what they decode to, enforced while reading.
func (f *Fetcher) readBody(ctx context.Context, u *url.URL, resp *http.Response) ([]byte, *Error) {
	limit := f.cfg.MaxBody
	raw := &countingReader{r: io.LimitReader(resp.Body, limit+1)}
	dec, enc, ferr := decoder(raw, resp.Header.Get("Content-Encoding"))
	if ferr != nil {
		return nil, ferr
	}
	body, err := io.ReadAll(io.LimitReader(dec, limit+1))
	switch {
	case raw.err != nil:
		return nil, f.classify(ctx, u, raw.err)
	case int64(len(body)) > limit && enc == "":
		return nil, fail(false, nil, "page larger than the %d-byte limit", limit)
	case int64(len(body)) > limit:
		return nil, fail(false, nil, "page larger than the %d-byte limit after %s decompression", limit, enc)
	case raw.n > limit:
		return nil, fail(false, nil, "compressed page larger than the %d-byte limit", limit)
	case err != nil && raw.n == 0:
		return nil, nil // nothing was sent: an empty page
	case err != nil:
		return nil, fail(false, err, "corrupt %s body: %v", enc, err)
	}
	return body, nil
}
