using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Oro.Opportunities.Data.Migrations.SqlServer.Migrations
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
                    Revision = table.Column<long>(type: "bigint", nullable: false),
                    Board = table.Column<long>(type: "bigint", nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    BeforeStatusId = table.Column<int>(type: "int", nullable: true),
                    BeforeProbability = table.Column<int>(type: "int", nullable: true),
                    BeforeBaseBudget = table.Column<decimal>(type: "decimal(19,4)", precision: 19, scale: 4, nullable: true),
                    AfterStatusId = table.Column<int>(type: "int", nullable: true),
                    AfterProbability = table.Column<int>(type: "int", nullable: true),
                    AfterBaseBudget = table.Column<decimal>(type: "decimal(19,4)", precision: 19, scale: 4, nullable: true)
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
