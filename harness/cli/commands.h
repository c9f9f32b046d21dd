/*
 * commands.h - racelab's subcommands, one file each in harness/cli/.
 * Each takes the arguments after its own name (argv[0] is the command name)
 * and returns a racelab exit code (out.h).
 */
#ifndef RACELAB_COMMANDS_H
#define RACELAB_COMMANDS_H

int cmd_list(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_explore(int argc, char **argv);
int cmd_replay(int argc, char **argv);
int cmd_scan(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_grade(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_bench_sched(int argc, char **argv); /* argv[0] = "sched" */

#endif
