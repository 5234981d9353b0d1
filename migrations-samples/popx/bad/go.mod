module example.com/shop

go 1.22

require github.com/ory/x v0.0.700
