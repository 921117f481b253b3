package store

// SetDropIndexesAt lowers the size at which loads rebuild indexes, so tests can reach it.
func SetDropIndexesAt(n int) (restore func()) {
	old := dropIndexesAt
	dropIndexesAt = n
	return func() { dropIndexesAt = old }
}

// SetSplitReadAt lowers the size from which OrderPoints reads in two halves.
func SetSplitReadAt(n int64) (restore func()) {
	old := splitReadAt
	splitReadAt = n
	return func() { splitReadAt = old }
}

// AppendLower is appendLower, for its fuzz test.
var AppendLower = appendLower
