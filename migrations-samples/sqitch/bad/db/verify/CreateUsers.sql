-- sqitch runs this after the deploy script to check the change.
SELECT 1;
