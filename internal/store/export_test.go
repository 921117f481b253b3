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

// SetPointBuffer makes OrderPoints's halves claim block slots at a time in a buffer of
// size(n) slots for n orders, so that tests reach the block and overflow paths.
func SetPointBuffer(block int, size func(n int64) int) (restore func()) {
	oldBlock, oldSize := pointBlock, pointBufSize
	pointBlock, pointBufSize = block, size
	return func() { pointBlock, pointBufSize = oldBlock, oldSize }
}

// AppendLower is appendLower, for its fuzz test.
var AppendLower = appendLower
