module github.com/example/inventory

go 1.22

require (
	github.com/gin-gonic/gin v1.10.0
	github.com/redis/go-redis/v9 v9.5.1
)

require (
	github.com/bytedance/sonic v1.11.6 // indirect
	github.com/lib/pq v1.10.9 // indirect
	github.com/go-playground/validator/v10 v10.20.0 // indirect
)
