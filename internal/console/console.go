// Package console is the terminal adapter: the same bot, commands and
// buttons as in chat, typed as text. A letter answers the last question
// shown; anything else is a /docker command (the "/docker" is optional).
package console

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/dockerqotd/dockerqotd/internal/bot"
	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// Console talks to one local user through a reader and a writer.
type Console struct {
	bot    *bot.Bot
	out    io.Writer
	render renderer
	caller bot.Caller
	prompt bool

	mu sync.Mutex
	// buttons are the enabled buttons of the last message shown; typing a
	// button's word presses it (a letter for an answer).
	buttons []bot.Button
	// form, when set, takes the lines typed until an empty one as a
	// written answer.
	form    *bot.Form
	written []string
	// sent is the last daily post this console showed as it was sent.
	sent uint64
}

var _ bot.Publisher = (*Console)(nil)

// Options tune a Console.
type Options struct {
	// User is the local user's name; it is their id too.
	User string
	// Color turns on ANSI styles (for a terminal, not a pipe).
	Color bool
	// Prompt prints "> " before each line is read (interactive use).
	Prompt bool
	// Width wraps text to the terminal's width; 0 does not wrap.
	Width int
}

// New returns a console for the local team.
func New(b *bot.Bot, out io.Writer, opts Options) *Console {
	user := opts.User
	if user == "" {
		user = "you"
	}
	return &Console{
		bot:    b,
		out:    out,
		render: renderer{color: opts.Color, width: opts.Width},
		prompt: opts.Prompt,
		caller: bot.Caller{Team: quiz.LocalTeam, TeamName: "terminal", User: user, Name: user, Admin: true, Channel: "terminal"},
	}
}

// Start shows the team's open daily question, posting one first when there
// is none, so a new user has something to answer at once.
func (c *Console) Start(ctx context.Context) error {
	team, err := c.bot.EnsureTeam(ctx, quiz.LocalTeam, c.caller.TeamName)
	if err != nil {
		return err
	}
	p, ok, err := c.bot.OpenPost(ctx, team.ID)
	if err != nil {
		return err
	}
	c.mu.Lock()
	shown := ok && p.ID == c.sent
	c.mu.Unlock()
	switch {
	case shown:
		return nil
	case ok:
		c.show(c.bot.PostMessage(team, p))
		return nil
	}
	_, err = c.bot.PostNow(ctx, team, c)
	return err
}

// Run reads lines until the input ends, the user quits or ctx is done.
func (c *Console) Run(ctx context.Context, in io.Reader) error {
	c.println(c.render.markdown("Type a letter to answer, a command such as `quiz 5` or `help`, or `quit`."))
	return c.loop(ctx, in, func(line string) bool { return c.Handle(ctx, line) })
}

// Play runs one practice round of cmd (a quiz command) and returns when it
// is over, the input ends or the user quits.
func (c *Console) Play(ctx context.Context, in io.Reader, cmd bot.Command) error {
	m := c.bot.Command(ctx, c.caller, cmd)
	c.show(m)
	if len(m.Buttons) == 0 {
		return fmt.Errorf("%s", strings.TrimSpace(m.Text))
	}
	return c.loop(ctx, in, func(line string) bool {
		switch l := strings.ToLower(strings.TrimSpace(line)); {
		case l == "":
			return false
		case isQuit(l):
			return true
		case c.pressWord(ctx, l):
			return c.idle()
		case len(l) == 1:
			c.press(ctx, l)
			return c.idle()
		default:
			c.println("Answer with A, B, C or D, or q to quit.")
			return false
		}
	})
}

// PlayInterview runs count interview questions of cmd's topic and level:
// each is asked, the answer is read as lines up to an empty one, and the
// result waits for a rating (again, hard, good, easy), an appeal
// ("covered 2") or "next". It returns when they are done, the input ends or
// the user quits.
func (c *Console) PlayInterview(ctx context.Context, in io.Reader, cmd bot.Command, count int) error {
	cmd.Name = bot.CmdInterview
	asked := 0
	ask := func() bool {
		if asked == count {
			return true
		}
		asked++
		m := c.bot.Command(ctx, c.caller, cmd)
		c.show(m)
		return m.Form == nil
	}
	if ask() {
		return errors.New("no interview question matches")
	}
	return c.loop(ctx, in, func(line string) bool {
		if c.writing(ctx, line) {
			return false
		}
		switch l := strings.ToLower(strings.TrimSpace(line)); {
		case isQuit(l):
			return true
		case l == "next" || l == "":
			return ask()
		case c.pressWord(ctx, l):
			if strings.HasPrefix(l, "covered") {
				return false
			}
			return ask()
		default:
			c.println("Rate yourself with again, hard, good or easy, mark a point with `covered N`, or type `next` or q.")
			return false
		}
	})
}

// Handle acts on one line of input and reports whether the user quit.
func (c *Console) Handle(ctx context.Context, line string) (quit bool) {
	if c.writing(ctx, line) {
		return false
	}
	l := strings.TrimSpace(line)
	switch {
	case l == "":
	case isQuit(strings.ToLower(l)):
		return true
	case c.pressWord(ctx, l):
	case len(l) == 1:
		c.press(ctx, l)
	default:
		l = strings.TrimPrefix(strings.TrimPrefix(l, "/"), "docker ")
		c.show(c.bot.CommandText(ctx, c.caller, l))
	}
	return false
}

// writing takes line as part of a written answer when a form is open: an
// empty line sends what was written, "cancel" on a line of its own drops
// it. It reports whether the line was taken.
func (c *Console) writing(ctx context.Context, line string) bool {
	c.mu.Lock()
	form := c.form
	c.mu.Unlock()
	if form == nil {
		return false
	}
	switch strings.TrimSpace(line) {
	case "":
		c.mu.Lock()
		text := strings.Join(c.written, "\n")
		c.mu.Unlock()
		if strings.TrimSpace(text) == "" {
			c.println("Write something first, then an empty line to send it (or `cancel`).")
			return true
		}
		c.closeForm()
		c.show(c.bot.Submit(ctx, c.caller, form.ID, text))
	case "cancel":
		c.closeForm()
		c.println("Dropped.")
	default:
		c.mu.Lock()
		c.written = append(c.written, line)
		c.mu.Unlock()
	}
	return true
}

func (c *Console) closeForm() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.form, c.written = nil, nil
}

// pressWord presses the button of the last message whose word is l,
// reporting whether there was one.
func (c *Console) pressWord(ctx context.Context, l string) bool {
	word := strings.ToLower(strings.Join(strings.Fields(l), " "))
	c.mu.Lock()
	var id string
	for _, b := range c.buttons {
		if b.Word == word {
			id = b.ID
		}
	}
	c.mu.Unlock()
	if id == "" {
		return false
	}
	m := c.bot.Button(ctx, c.caller, id)
	switch {
	case m.Replace && m.Note != "":
		// The message on screen stays; say what changed.
		c.setButtons(m.Buttons)
		c.print(bot.Message{Private: m.Private, Text: m.Note, Buttons: m.Buttons})
	case m.Replace || m.Form != nil:
		c.show(m)
	default:
		c.print(m)
	}
	return true
}

func isQuit(l string) bool { return l == "q" || l == "quit" || l == "exit" }

// press answers a letter that no button of the last message takes.
func (c *Console) press(_ context.Context, letter string) {
	if _, err := quiz.ParseLetter(letter); err != nil {
		c.println(quiz.ErrorMessage(err))
		return
	}
	c.println("There is no question to answer. Type `question` for one, or `help`.")
}

// idle reports whether no question waits for an answer.
func (c *Console) idle() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, b := range c.buttons {
		if len(b.Word) == 1 {
			return false
		}
	}
	return true
}

// show prints m and makes its buttons and form the ones typing acts on.
func (c *Console) show(m bot.Message) {
	if len(m.Buttons) > 0 || m.Replace || m.Form != nil {
		c.setButtons(m.Buttons)
	}
	c.print(m)
	if m.Form != nil {
		c.mu.Lock()
		c.form, c.written = m.Form, nil
		c.mu.Unlock()
		c.println(c.render.style(ansiDim, m.Form.Label+": write over as many lines as you like; an empty line sends it, `cancel` drops it."))
	}
}

func (c *Console) setButtons(bs []bot.Button) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.buttons = nil
	for _, b := range bs {
		if !b.Disabled && b.Word != "" {
			c.buttons = append(c.buttons, b)
		}
	}
}

func (c *Console) print(m bot.Message) { c.println(c.render.message(m)) }

func (c *Console) println(s string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	fmt.Fprintln(c.out, s)
}

// loop feeds lines to handle until it returns true, the input ends or ctx
// is done. Lines are read in a goroutine so ctx can end a blocked read.
func (c *Console) loop(ctx context.Context, in io.Reader, handle func(string) bool) error {
	lines := make(chan string)
	errc := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(in)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-ctx.Done():
				return
			}
		}
		errc <- sc.Err()
	}()
	for {
		if c.prompt {
			c.mu.Lock()
			fmt.Fprint(c.out, "> ")
			c.mu.Unlock()
		}
		select {
		case <-ctx.Done():
			return nil
		case err := <-errc:
			return err
		case line := <-lines:
			if handle(line) {
				return nil
			}
		}
	}
}

// Send shows a daily post.
func (c *Console) Send(_ context.Context, p quiz.Post, m bot.Message) (string, error) {
	c.mu.Lock()
	c.sent = p.ID
	c.mu.Unlock()
	c.show(m)
	return fmt.Sprintf("terminal-%d", p.ID), nil
}

// Edit shows a revealed post again; live-count edits are not worth a
// screen in the terminal.
func (c *Console) Edit(_ context.Context, p quiz.Post, m bot.Message) error {
	if p.Revealed {
		c.println(c.render.style(ansiDim, "The answer to an earlier question is out:"))
		c.print(m)
	}
	return nil
}

// Reply shows the model answer of a revealed post.
func (c *Console) Reply(_ context.Context, _ quiz.Post, m bot.Message) error {
	c.print(m)
	return nil
}

// DirectMessage shows a message meant for the terminal's player alone,
// such as a review reminder, marked as private.
func (c *Console) DirectMessage(_ context.Context, _ quiz.TeamID, _ string, m bot.Message) error {
	m.Private = true
	c.print(m)
	return nil
}
