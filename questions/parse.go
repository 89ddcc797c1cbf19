package questions

import (
	"errors"
	"fmt"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// entry is a question as written in a file.
type entry struct {
	ID          string     `yaml:"id"`
	Level       string     `yaml:"level"`
	Topic       string     `yaml:"topic"`
	Tags        []string   `yaml:"tags"`
	Question    string     `yaml:"question"`
	Choices     []choice   `yaml:"choices"`
	Explanation string     `yaml:"explanation"`
	Answer      string     `yaml:"answer"`
	Source      string     `yaml:"source"`
	Prompt      string     `yaml:"prompt"`
	KeyPoints   []keyPoint `yaml:"key_points"`
}

type keyPoint struct {
	Point string     `yaml:"point"`
	Match [][]string `yaml:"match"`
}

type choice struct {
	Text    string `yaml:"text"`
	Correct bool   `yaml:"correct"`
}

// located is an entry with where it was written.
type located struct {
	entry
	file  string
	line  int            // line of the entry's first key
	lines map[string]int // line of each key of the entry
}

func (l located) lineOf(key string) int {
	if n, ok := l.lines[key]; ok {
		return n
	}
	return l.line
}

// Parse decodes and checks files and returns their questions in file order.
// If anything is wrong, it returns Problems listing every problem found.
func Parse(files []File) ([]quiz.Question, error) {
	var (
		entries  []located
		problems Problems
	)
	for _, f := range files {
		es, ps := decodeFile(f)
		entries = append(entries, es...)
		problems = append(problems, ps...)
	}
	problems = append(problems, lint(entries)...)
	if len(problems) > 0 {
		return nil, problems.sorted()
	}
	qs := make([]quiz.Question, len(entries))
	for i, e := range entries {
		qs[i] = e.question()
	}
	return qs, nil
}

func decodeFile(f File) ([]located, Problems) {
	file, err := parseBytes(f.Data)
	if err != nil {
		return nil, Problems{yamlProblem(f.Name, "", err)}
	}
	if len(file.Docs) != 1 || file.Docs[0].Body == nil {
		return nil, Problems{{File: f.Name, Line: 1, Msg: "want one YAML document holding a list of questions"}}
	}
	seq, ok := file.Docs[0].Body.(*ast.SequenceNode)
	if !ok {
		return nil, Problems{{File: f.Name, Line: file.Docs[0].Body.GetToken().Position.Line, Msg: "want a list of questions at the top level"}}
	}
	var (
		entries  []located
		problems Problems
	)
	for _, item := range seq.Values {
		line := item.GetToken().Position.Line
		id, lines := keyLines(item)
		var e entry
		if err := decodeNode(item, &e, yaml.DisallowUnknownField()); err != nil {
			problems = append(problems, yamlProblem(f.Name, id, err))
			// Decode again leniently so the entry's other problems are
			// reported in the same run; it still never loads.
			if decodeNode(item, &e) != nil {
				continue
			}
		}
		if m, ok := item.(*ast.MappingNode); ok && len(m.Values) > 0 {
			line = m.Values[0].Key.GetToken().Position.Line
		}
		entries = append(entries, located{entry: e, file: f.Name, line: line, lines: lines})
	}
	return entries, problems
}

// parseBytes and decodeNode call the YAML library and turn a panic inside
// it into an error: fuzzing found inputs (a tag without a value, such as
// "tags: !0") on which goccy/go-yaml dereferences nil, and a bad question
// file must be reported, not crash the bot.
func parseBytes(data []byte) (f *ast.File, err error) {
	defer recoverYAML(&err)
	return parser.ParseBytes(data, 0)
}

func decodeNode(node ast.Node, v any, opts ...yaml.DecodeOption) (err error) {
	defer recoverYAML(&err)
	return yaml.NodeToValue(node, v, opts...)
}

func recoverYAML(err *error) {
	if v := recover(); v != nil {
		*err = fmt.Errorf("the YAML here cannot be read (the YAML library failed: %v)", v)
	}
}

// keyLines returns the entry's id, if it has one, and the line of each key.
func keyLines(item ast.Node) (string, map[string]int) {
	lines := map[string]int{}
	m, ok := item.(*ast.MappingNode)
	if !ok {
		return "", lines
	}
	var id string
	for _, kv := range m.Values {
		key := kv.Key.String()
		lines[key] = kv.Key.GetToken().Position.Line
		if s, ok := kv.Value.(*ast.StringNode); ok && key == "id" {
			id = s.Value
		}
	}
	return id, lines
}

func yamlProblem(file, id string, err error) Problem {
	p := Problem{File: file, Line: 1, ID: id, Msg: err.Error()}
	var ye yaml.Error
	if errors.As(err, &ye) {
		p.Msg = ye.GetMessage()
		if tk := ye.GetToken(); tk != nil {
			p.Line = tk.Position.Line
		}
	}
	return p
}

func (e located) question() quiz.Question {
	q := quiz.Question{
		ID:          e.ID,
		Level:       quiz.Level(e.Level),
		Topic:       quiz.Topic(e.Topic),
		Tags:        e.Tags,
		Prompt:      e.Question,
		Explanation: unwrap(e.Explanation),
		Answer:      unwrap(e.Answer),
		Source:      e.Source,
		Open:        unwrap(e.Prompt),
	}
	for _, kp := range e.KeyPoints {
		q.KeyPoints = append(q.KeyPoints, quiz.KeyPoint{Point: strings.TrimSpace(kp.Point), Match: kp.Match})
	}
	for i, c := range e.Choices {
		q.Choices[i] = c.Text
		if c.Correct {
			q.Correct = i
		}
	}
	return q
}

func (e located) problem(key, format string, args ...any) Problem {
	return Problem{File: e.file, Line: e.lineOf(key), ID: e.ID, Msg: fmt.Sprintf(format, args...)}
}
