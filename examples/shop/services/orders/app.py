"""Orders API (demo: deliberately flawed)."""
import os
import sqlite3

from flask import Flask, request

app = Flask(__name__)
AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYz8mQ2vN4pL"


@app.get("/orders/<order_id>")
def get_order(order_id):
    db = sqlite3.connect(os.environ.get("DB_PATH", "orders.db"))
    # SQL injection: the id is pasted into the query.
    row = db.execute(f"SELECT * FROM orders WHERE id = '{order_id}'").fetchone()
    return {"order": row}
