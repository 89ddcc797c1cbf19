// Package questions holds the Docker question bank and reads, checks and
// loads question files.
//
// The bank is one YAML file per topic, embedded into the binary. A file is a
// sequence of entries:
//
//	# questions/networking.yaml
//	- id: networking-user-defined-bridge-dns   # stable slug, never reused
//	  level: intermediate                       # basic | intermediate | advanced
//	  topic: networking                         # one of quiz.Topics
//	  tags: [bridge, dns]
//	  question: Why can containers on ... ?      # ≤ 300 characters
//	  choices:                                  # exactly four, exactly one correct
//	    - text: Only user-defined bridges ...    # ≤ 150 characters each
//	      correct: true
//	    - text: ...
//	    - text: ...
//	    - text: ...
//	  explanation: ...                          # why it is right, the traps; ≤ 600
//	  answer: |                                 # model interview answer, Markdown; ≤ 2,800
//	    ...
//	  prompt: How would you let two containers ...?   # the open interview question, optional; ≤ 300
//	  key_points:                               # 3 to 6: what a strong spoken answer covers
//	    - point: User-defined networks get Docker's embedded DNS   # the label, ≤ 80
//	      match: [[embedded dns], [user defined, dns]]           # alternatives; all terms of one must appear
//	  source: '000_d35e1dafaebd6e4b.txt: What is ...?'   # seed question it covers, optional
//
// Decoding is strict: an unknown field is an error. Every problem names the
// file, the line and the question id, and all problems are reported at once.
// Key points are checked with the interview grader itself (quiz.GradeAnswer):
// the entry's model answer must cover every point, the question as interview
// mode asks it at most one, and no alternative of a point may hold all the
// terms of another point's.
package questions

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

//go:embed *.yaml
var embedded embed.FS

// File is the name and content of one question file.
type File struct {
	Name string
	Data []byte
}

// EmbeddedFiles returns the files of the bank built into the binary.
func EmbeddedFiles() []File {
	files, err := filesFromFS(embedded, ".")
	if err != nil {
		panic(fmt.Sprintf("questions: reading embedded bank: %v", err))
	}
	return files
}

// Embedded loads and checks the bank built into the binary.
func Embedded() ([]quiz.Question, error) {
	return Parse(EmbeddedFiles())
}

// ReadPaths reads question files from paths; a directory contributes every
// .yaml and .yml file directly inside it.
func ReadPaths(paths ...string) ([]File, error) {
	var files []File
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("read questions: %w", err)
		}
		if info.IsDir() {
			dirFiles, err := filesFromFS(os.DirFS(p), p)
			if err != nil {
				return nil, fmt.Errorf("read questions from %s: %w", p, err)
			}
			if len(dirFiles) == 0 {
				return nil, fmt.Errorf("read questions: %s holds no .yaml or .yml file", p)
			}
			files = append(files, dirFiles...)
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("read questions: %w", err)
		}
		files = append(files, File{Name: p, Data: data})
	}
	return files, nil
}

func filesFromFS(fsys fs.FS, prefix string) ([]File, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, err
	}
	var files []File
	for _, e := range entries {
		ext := filepath.Ext(e.Name())
		if e.IsDir() || (ext != ".yaml" && ext != ".yml") {
			continue
		}
		data, err := fs.ReadFile(fsys, e.Name())
		if err != nil {
			return nil, err
		}
		name := e.Name()
		if prefix != "." {
			name = filepath.Join(prefix, name)
		}
		files = append(files, File{Name: name, Data: data})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	return files, nil
}

// Problem is one thing wrong with a question file.
type Problem struct {
	File string
	Line int
	ID   string // empty when the problem is not inside an entry or the entry has no id
	Msg  string
}

func (p Problem) String() string {
	id := p.ID
	if id == "" {
		id = "-"
	}
	return fmt.Sprintf("%s:%d: %s: %s", p.File, p.Line, id, p.Msg)
}

// Problems is every problem found in a set of question files. It is the error
// Parse returns; its message lists each problem on a line of its own.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	noun := "problems"
	if len(ps) == 1 {
		noun = "problem"
	}
	return fmt.Sprintf("%d %s in question files:\n%s", len(ps), noun, strings.Join(lines, "\n"))
}

func (ps Problems) sorted() Problems {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		return a.Line - b.Line
	})
	return ps
}
