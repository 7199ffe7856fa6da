-- AlterTable
ALTER TABLE "School" DROP COLUMN "slackTeamId",
DROP COLUMN "teamsTeamId";
