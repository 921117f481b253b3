package store

// SetDropIndexesAt lowers the size at which loads rebuild indexes, so tests can reach it.
func SetDropIndexesAt(n int) (restore func()) {
	old := dropIndexesAt
	dropIndexesAt = n
	return func() { dropIndexesAt = old }
}
