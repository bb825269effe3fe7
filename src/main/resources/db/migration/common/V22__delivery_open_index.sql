-- The open rows of the ledger by status: the counts behind health, metrics and the channel list, and a node's
-- hand-back of its leases at start and stop, read only the rows still open instead of every row ever written.
CREATE INDEX ix_delivery_open ON delivery (status, channel);
