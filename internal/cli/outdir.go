package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/camunda-irsa/camunda-irsa/render/bundle"
)

// dirWriter writes a set of files as one directory, atomically: the files
// go to a temporary sibling directory that is renamed into place only when
// all were written, so a failure leaves the target as it was.
type dirWriter struct {
	// force allows replacing a non-empty directory.
	force bool
	// writeFile is os.WriteFile; tests replace it to fail half-way.
	writeFile func(name string, data []byte, perm fs.FileMode) error
}

func newDirWriter(force bool) dirWriter {
	return dirWriter{force: force, writeFile: os.WriteFile}
}

// check reports, before any work is done, whether dir may be written.
func (w dirWriter) check(dir string) error {
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("--out-dir %s: %w", dir, err)
	case !info.IsDir():
		return fmt.Errorf("--out-dir %s: exists and is not a directory", dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("--out-dir %s: %w", dir, err)
	}
	if len(entries) > 0 && !w.force {
		return fmt.Errorf("--out-dir %s: exists and is not empty; nothing was written (pass --force to replace it)", dir)
	}
	return nil
}

func (w dirWriter) write(dir string, files []bundle.File) (err error) {
	if err := w.check(dir); err != nil {
		return err
	}
	dir = filepath.Clean(dir)
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("--out-dir %s: %w", dir, err)
	}
	tmp, err := os.MkdirTemp(parent, ".camunda-irsa-")
	if err != nil {
		return fmt.Errorf("--out-dir %s: %w", dir, err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("--out-dir %s: %w", dir, err)
	}
	for _, f := range files {
		path := filepath.Join(tmp, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return fmt.Errorf("writing %s: %w", f.Path, err)
		}
		perm := fs.FileMode(0o644)
		if f.Executable {
			perm = 0o755
		}
		if err := w.writeFile(path, f.Data, perm); err != nil {
			return fmt.Errorf("writing %s: %w", f.Path, err)
		}
	}
	return replaceDir(tmp, dir)
}

// replaceDir moves src to dst, swapping out an existing dst so that dst
// is never missing or half-written if a rename fails.
func replaceDir(src, dst string) error {
	if _, err := os.Stat(dst); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(src, dst)
	}
	old, err := os.MkdirTemp(filepath.Dir(dst), ".camunda-irsa-old-")
	if err != nil {
		return fmt.Errorf("--out-dir %s: %w", dst, err)
	}
	backup := filepath.Join(old, "previous")
	if err := os.Rename(dst, backup); err != nil {
		os.Remove(old)
		return fmt.Errorf("--out-dir %s: %w", dst, err)
	}
	if err := os.Rename(src, dst); err != nil {
		if rerr := os.Rename(backup, dst); rerr != nil {
			return fmt.Errorf("--out-dir %s: %w (and restoring the previous content from %s failed: %v)", dst, err, backup, rerr)
		}
		os.Remove(old)
		return fmt.Errorf("--out-dir %s: %w", dst, err)
	}
	return os.RemoveAll(old)
}
