module github.com/dockerqotd/dockerqotd

go 1.26.0

require (
	github.com/goccy/go-yaml v1.19.2
	github.com/muesli/reflow v0.3.0
	github.com/spf13/pflag v1.1.0
	go.etcd.io/bbolt v1.5.0
	golang.org/x/term v0.47.0
)

require (
	github.com/mattn/go-runewidth v0.0.12 // indirect
	github.com/rivo/uniseg v0.2.0 // indirect
	github.com/robfig/cron/v3 v3.0.1 // indirect
	golang.org/x/sys v0.49.0 // indirect
)
