using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Oro.Opportunities.Data.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class BoardMoves : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BoardMoves",
                columns: table => new
                {
                    Revision = table.Column<long>(type: "INTEGER", nullable: false),
                    Board = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    BeforeStatusId = table.Column<int>(type: "INTEGER", nullable: true),
                    BeforeProbability = table.Column<int>(type: "INTEGER", nullable: true),
                    BeforeBaseBudget = table.Column<long>(type: "INTEGER", precision: 19, scale: 4, nullable: true),
                    AfterStatusId = table.Column<int>(type: "INTEGER", nullable: true),
                    AfterProbability = table.Column<int>(type: "INTEGER", nullable: true),
                    AfterBaseBudget = table.Column<long>(type: "INTEGER", precision: 19, scale: 4, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BoardMoves", x => x.Revision);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BoardMoves");
        }
    }
}
