module example.com/shop

go 1.22.4

require (
	github.com/go-sql-driver/mysql v1.8.1
	go.mongodb.org/mongo-driver v1.17.1
)
