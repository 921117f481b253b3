package chart

// NiceMax exports niceMax for the tests in package chart_test.
var NiceMax = niceMax
