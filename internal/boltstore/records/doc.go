// Package records holds the protocol buffer messages the bbolt store keeps
// its values in (schema 4 onwards); records.proto is the source.
package records

//go:generate protoc --go_out=. --go_opt=paths=source_relative records.proto
